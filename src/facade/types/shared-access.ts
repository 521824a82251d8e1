/**
 * Shared access for QueueService: stored access policies (getQueueAcl, setQueueAcl) and the options of the
 * account and queue SAS the service signs.
 */
import type { AccountPermissions, QueuePermissions, ResourceTypes } from "../permissions.js";

/** A stored access policy as the service returns it. */
export interface AccessPolicy {
  /** The permission letters it grants, in `raup` order; absent when the SAS must carry them. */
  readonly permission?: string;
  /** When signatures referring to it become valid; absent when the SAS must carry it or none applies. */
  readonly start?: Date;
  /** When signatures referring to it stop working; absent when the SAS must carry it. */
  readonly expiry?: Date;
}

/**
 * A stored access policy as given to setQueueAcl. Parts left out must then be in each SAS that refers to the
 * policy; parts given here cannot be.
 *
 * @example
 * await qs.setQueueAcl("jobs", {
 *   readers: { permission: QueuePermissions.READ.or(QueuePermissions.PROCESS), expiry: "2027-01-01T00:00:00Z" },
 *   producers: { permission: "a" }, // each SAS names its own expiry
 * });
 */
export interface AccessPolicyInit {
  /** The permission letters (`"raup"`) or a `QueuePermissions`. */
  readonly permission?: string | QueuePermissions;
  /** When signatures referring to it become valid: a Date or an ISO 8601 string (no offset means UTC). */
  readonly start?: Date | string;
  /** When signatures referring to it stop working: a Date or an ISO 8601 string (no offset means UTC). */
  readonly expiry?: Date | string;
}

/** Service-side SAS restrictions shared by account and queue signatures. */
export interface SasRestrictions {
  /** When the signature becomes valid: a Date or an ISO 8601 string. */
  readonly start?: Date | string;
  /** An IP address or range (`168.1.5.60-168.1.5.70`) requests must come from. */
  readonly ip?: string;
  /** `"https"` or `"https,http"` (the service's default). */
  readonly protocol?: "https" | "https,http";
  /** The signed version (`sv`); default the pinned service version. */
  readonly version?: string;
}

/**
 * Options of `generateAccountSharedAccessSignature`, beyond its resource types, permission and expiry.
 *
 * @example
 * const sas = qs.generateAccountSharedAccessSignature("sco", "rl", new Date(Date.now() + 3_600_000), {
 *   ip: "203.0.113.0-203.0.113.255",
 *   protocol: "https",
 * });
 */
export type AccountSasOptions = SasRestrictions;

/**
 * What a queue SAS grants and for how long: ad hoc (`permission` and `expiry`), or through a stored access policy
 * (`id`), which you can revoke later by changing the queue's ACL.
 *
 * @example
 * await qs.setQueueAcl("jobs", { producers: { permission: "a", expiry: "2027-01-01T00:00:00Z" } });
 * const sas = qs.generateQueueSharedAccessSignature("jobs", { id: "producers" });
 */
export interface QueueSasOptions extends SasRestrictions {
  /** What the signature allows (`"raup"` letters); required unless `id` names a stored policy that has it. */
  readonly permission?: string | QueuePermissions;
  /** When the signature stops working; required unless `id` names a stored policy that has it. */
  readonly expiry?: Date | string;
  /** The id of a stored access policy (setQueueAcl) the signature refers to. */
  readonly id?: string;
}

/** What `generateAccountSharedAccessSignature` accepts for its resource types: a set or its letters, e.g. `"sco"`. */
export type ResourceTypesInput = ResourceTypes | string;

/** What `generateAccountSharedAccessSignature` accepts for its permission: a set or its letters, e.g. `"rl"`. */
export type AccountPermissionsInput = AccountPermissions | string;
