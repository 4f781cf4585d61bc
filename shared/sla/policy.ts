/** Share of a stage limit after which the holder is warned (预警), unless configured otherwise. */
export const DEFAULT_WARN_SHARE = 0.75;

/**
 * When the deadline scan warns and escalates (预警 / 升级). Server-wide from the configuration
 * (WANGGE_SLA_WARN_SHARE, WANGGE_SLA_ESCALATE_AFTER, carried on the app context as `slaPolicy`),
 * overridable per category (`warnShare`, `escalateAfter` in case_categories.limits_json).
 */
export interface SlaPolicy {
  /** Warn when this share of the stage limit is used, 0 < share < 1. */
  warnShare: number;
  /** Escalate when still overdue this long (SLA notation, working or natural time) after the due time; null = one more stage limit. */
  escalateAfter: string | null;
}

/** The shipped defaults: what a deployment gets without WANGGE_SLA_* settings. */
export const DEFAULT_SLA_POLICY: Readonly<SlaPolicy> = Object.freeze({ warnShare: DEFAULT_WARN_SHARE, escalateAfter: null });
