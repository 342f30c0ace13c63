import type { Db } from "../../db/database.js";
import { DEFAULT_POLICY, policySettingsSchema, type PolicySettings } from "../../domain/policy/policy.js";
import { insertFirstVersionIfEmpty, latestPolicy, policyByVersion, type PolicyRow } from "./policy.repository.js";

export interface VersionedPolicy {
  /** 0 = the built-in default, before any admin change. */
  version: number;
  name: string;
  settings: PolicySettings;
  createdAt?: Date | null;
  createdBy?: number | null;
}

const DEFAULT_VERSION: VersionedPolicy = { version: 0, name: "default", settings: DEFAULT_POLICY, createdAt: null, createdBy: null };

/**
 * The time-limit policy in force and every earlier version (a ticket keeps the version it was
 * dispatched under). Versions are immutable, so their parsed settings are cached for ever; "current"
 * is one indexed read, so a change made by another server instance applies at once.
 */
export class PolicyService {
  private readonly versions = new Map<number, PolicySettings>();

  /**
   * The newest version. Before any admin change the documented default is stored as version 1 on
   * first use, so a ticket dispatched under it keeps it after the policy changes (tickets store the
   * version number; null would mean "whatever is current").
   */
  async current(db: Db): Promise<VersionedPolicy> {
    let row = await latestPolicy(db);
    if (!row) {
      try {
        await insertFirstVersionIfEmpty(db, DEFAULT_VERSION.name, DEFAULT_POLICY);
      } catch (err) {
        // On the read replica (reports): nothing stored yet means the built-in default, the same settings.
        if ((err as { code?: string }).code === "25006") return DEFAULT_VERSION;
        throw err;
      }
      row = await latestPolicy(db);
    }
    return row ? this.versioned(row) : DEFAULT_VERSION;
  }

  /** The settings of one version; null or 0 → the current policy. */
  async byVersion(db: Db, version: number | null): Promise<PolicySettings> {
    if (!version) return (await this.current(db)).settings;
    const hit = this.versions.get(version);
    if (hit) return hit;
    const row = await policyByVersion(db, version);
    return row ? this.parse(row.version, row.settings) : DEFAULT_POLICY;
  }

  /** One stored version with its metadata, or undefined. */
  async version(db: Db, version: number): Promise<VersionedPolicy | undefined> {
    if (version === 0) return DEFAULT_VERSION;
    const row = await policyByVersion(db, version);
    return row && this.versioned(row);
  }

  private versioned(row: PolicyRow): VersionedPolicy {
    return { version: row.version, name: row.name, settings: this.parse(row.version, row.settings), createdAt: row.createdAt, createdBy: row.createdBy };
  }

  /**
   * Stored settings were validated when saved; a setting added to the schema since then takes its
   * default value, so old versions keep loading.
   */
  private parse(version: number, raw: unknown): PolicySettings {
    const cached = this.versions.get(version);
    if (cached) return cached;
    const stored = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
    const settings = policySettingsSchema.parse({ ...DEFAULT_POLICY, ...(stored as object) });
    this.versions.set(version, settings);
    return settings;
  }
}
