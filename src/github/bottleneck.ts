/**
 * Bottleneck's light build (no Redis clustering), the one the Octokit plugins import: using it here
 * too keeps a second build of Bottleneck out of the bundle. Same class as the full build, whose
 * typings it borrows (the light build ships none).
 */
import type FullBottleneck from 'bottleneck';
// @ts-expect-error -- no typings for the light build; typed as the full build below.
import Light from 'bottleneck/light.js';

const Bottleneck = Light as typeof FullBottleneck;
type Bottleneck = FullBottleneck;
export default Bottleneck;
