/**
 * The port both store backends implement: a bucket per job holding that job's files and manifest,
 * listed per run, fetched for verification, removed by the post step or cleanup.
 */
import type { Manifest, StoredFile } from './manifest.ts';

/** Backend actually used (never `auto`). */
export type StoreKind = 'artifacts' | 'releases';

/** Enough to find an item again, also from the post step (saved as JSON in the action's state). */
export interface StoredItemRef {
  readonly backend: StoreKind;
  /** Artifact name, or the draft release's tag. */
  readonly name: string;
  /** Artifact id, or release id. */
  readonly id: number;
  readonly runId: number;
  readonly jobId: number;
}

/** A manifest entry and where its bytes are: a file about to be stored. */
export interface FileToStore extends StoredFile {
  readonly path: string;
}

export interface ItemToStore {
  readonly runId: number;
  readonly jobId: number;
  readonly files: readonly FileToStore[];
  readonly manifest: Manifest;
  /** 0 = the repository's default (artifacts backend only). */
  readonly retentionDays: number;
}

/** An item downloaded far enough to read its manifest; its files are written out one by one. */
export interface FetchedItem {
  readonly ref: StoredItemRef;
  readonly manifest: Manifest;
  /**
   * Writes a file of the manifest to `destination` and returns the sha256 and size of the bytes
   * written (computed while writing where the backend can), for the caller to verify.
   */
  writeFile(file: StoredFile, destination: string): Promise<{ sha256: string; size: number }>;
}

export interface ArtifactStore {
  readonly kind: StoreKind;
  /** Stores the item, replacing this job's earlier item of the same name; `onCreated` fires as soon as it exists. */
  put(item: ItemToStore, onCreated: (ref: StoredItemRef) => void): Promise<StoredItemRef>;
  /** Items of the given run, every job. */
  list(runId: number): Promise<StoredItemRef[]>;
  /** Downloads enough of an item into `workDir` (a fresh directory) to read its manifest. */
  fetch(ref: StoredItemRef, workDir: string): Promise<FetchedItem>;
  /** Deletes the item; false when it was already gone. */
  remove(ref: StoredItemRef): Promise<boolean>;
}

/** Name of a job's item: the artifact name, and the core of the draft's tag. */
export function itemName(runId: number, jobId: number): string {
  return `crp-${runId}-${jobId}`;
}

const ITEM_NAME = /^crp-(\d+)-(\d+)$/;

/** The run and job an item's name ({@link itemName}) stands for; undefined for any other name. */
export function parseItemName(name: string): { runId: number; jobId: number } | undefined {
  const match = ITEM_NAME.exec(name);
  return match ? { runId: Number(match[1]), jobId: Number(match[2]) } : undefined;
}
