/** What a mode hands back to the entry point, which alone writes outputs and the job summary. */
export interface ModeResult {
  /** Output name → value, exactly as action.yml declares them. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Markdown for GITHUB_STEP_SUMMARY. */
  readonly summary: string;
}
