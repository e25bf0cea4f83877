/** An auto_explain plan as logged: production data (Query Text, Query Parameters, conditions with literals). */
export interface RawPlan {
  readonly format: 'json' | 'text';
  readonly text: string;
}
