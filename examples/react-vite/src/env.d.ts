interface ImportMetaEnv {
  /** Where the widget posts events, from `.env`. */
  readonly VITE_PULSE_ENDPOINT: string;
}
