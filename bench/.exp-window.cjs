const fs=require("fs");const f=fs.readdirSync("/tmp/prof")[0];const p=JSON.parse(fs.readFileSync("/tmp/prof/"+f));
const byId=new Map(p.nodes.map(n=>[n.id,n]));const parent=new Map();for(const n of p.nodes)for(const c of n.children||[])parent.set(c,n.id);
let t=p.startTime; const rows=[];
for(let i=0;i<p.samples.length;i++){t+=p.timeDeltas[i]; rows.push([(t-p.startTime)/1000,p.samples[i]]);}
// find first sample in streamFile (upload start) and print 80ms window before it grouped by nearest src function
const name=id=>{const n=byId.get(id);return n.callFrame.functionName+":"+n.callFrame.lineNumber};
const stackOf=id=>{const s=[];while(id!==undefined){s.push(name(id));id=parent.get(id);}return s};
const firstUp=rows.find(r=>stackOf(r[1]).some(x=>x.startsWith("streamFile")));
console.log("first upload sample at",firstUp[0].toFixed(1));
const lo=+process.argv[2]||firstUp[0]-120, hi=+process.argv[3]||firstUp[0];
const agg={};
for(const [tm,id] of rows){ if(tm<lo||tm>hi)continue; const s=stackOf(id); const key=s.slice(0,6).join(" < "); agg[key]=(agg[key]||0)+1;}
for(const [k,v] of Object.entries(agg).sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log(v,k);
