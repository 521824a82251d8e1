/**
 * The permission sets a shared access signature or a stored access policy grants, as in the reference
 * QueueService: immutable flag sets with one static member per flag, combined with `or`, written out by `toString`
 * in the order the service requires (the order @azure/storage-queue writes too, so signed strings match byte for
 * byte). Wherever one of these is accepted, its string form is accepted too.
 *
 * `ValidationError` rules: `queue-permissions`, `account-permissions`, `resource-types`.
 */
import { canonicalSasLetters, SAS_LETTERS } from "../auth/sas-query.js";

/** The flags of a `QueuePermissions`, for its constructor: name the ones to grant. */
export interface QueuePermissionFlags {
  /** Read metadata and properties, including the message count; peek at messages. */
  readonly read?: boolean;
  /** Add messages. */
  readonly add?: boolean;
  /** Update messages (use with `process`, so the message can be got first). */
  readonly update?: boolean;
  /** Get and delete messages. */
  readonly process?: boolean;
}

const QUEUE_LETTERS = SAS_LETTERS.queuePermissions;

/**
 * What a queue SAS or a stored access policy grants. Canonical order `raup`.
 *
 * @example
 * const permission = QueuePermissions.READ.or(QueuePermissions.PROCESS); // "rp"
 * QueuePermissions.parse("pr").toString(); // "rp"
 * qs.generateQueueSharedAccessSignature("jobs", { permission: "ra", expiry });
 */
export class QueuePermissions implements Required<QueuePermissionFlags> {
  /** `r`: read metadata and the message count, and peek at messages; for monitoring. */
  static readonly READ = new QueuePermissions({ read: true });
  /** `a`: add messages; what a producer needs. */
  static readonly ADD = new QueuePermissions({ add: true });
  /** `u`: update messages; give it with `PROCESS`, since a message must be got before it is updated. */
  static readonly UPDATE = new QueuePermissions({ update: true });
  /** `p`: get and delete messages; what a consumer needs. */
  static readonly PROCESS = new QueuePermissions({ process: true });

  readonly read: boolean;
  readonly add: boolean;
  readonly update: boolean;
  readonly process: boolean;

  /**
   * A frozen set holding the flags given as true; the others are off. `parse` reads the letter form instead.
   *
   * @example
   * new QueuePermissions({ add: true, process: true }).toString(); // "ap"
   */
  constructor(flags: QueuePermissionFlags = {}) {
    this.read = flags.read === true;
    this.add = flags.add === true;
    this.update = flags.update === true;
    this.process = flags.process === true;
    Object.freeze(this);
  }

  /**
   * Reads a permission string such as `"raup"`, in any order; an unknown letter is a `ValidationError`.
   *
   * @example
   * QueuePermissions.parse("ar").add; // true
   */
  static parse(text: string): QueuePermissions {
    const letters = canonicalSasLetters(text, QUEUE_LETTERS, "queue-permissions", "The queue permission");
    return new QueuePermissions({
      read: letters.includes("r"),
      add: letters.includes("a"),
      update: letters.includes("u"),
      process: letters.includes("p"),
    });
  }

  /**
   * Accepts either form: an instance as it is, a string through `parse`.
   *
   * @example
   * QueuePermissions.from("pa").toString(); // "ap"
   */
  static from(value: string | QueuePermissions): QueuePermissions {
    return value instanceof QueuePermissions ? value : QueuePermissions.parse(value);
  }

  /**
   * A new set holding the flags of both.
   *
   * @example
   * QueuePermissions.READ.or("a").toString(); // "ra"
   */
  or(other: string | QueuePermissions): QueuePermissions {
    return QueuePermissions.parse(this.toString() + QueuePermissions.from(other).toString());
  }

  /**
   * The permission string in the service's order, `raup`.
   *
   * @example
   * new QueuePermissions({ process: true, read: true }).toString(); // "rp"
   */
  toString(): string {
    return (this.read ? "r" : "") + (this.add ? "a" : "") + (this.update ? "u" : "") + (this.process ? "p" : "");
  }
}

/** The flags of an `AccountPermissions`, for its constructor: name the ones to grant. */
export interface AccountPermissionFlags {
  /** Read, for every resource type. */
  readonly read?: boolean;
  /** Write (e.g. queue metadata, service properties). */
  readonly write?: boolean;
  /** Delete queues. */
  readonly delete?: boolean;
  /** List queues. */
  readonly list?: boolean;
  /** Add messages. */
  readonly add?: boolean;
  /** Create (blobs and files; queues are created with `write`). */
  readonly create?: boolean;
  /** Update messages. */
  readonly update?: boolean;
  /** Get and delete messages. */
  readonly process?: boolean;
}

const ACCOUNT_LETTERS = SAS_LETTERS.accountPermissions;

/**
 * What an account SAS grants. Canonical order `rwdlacup`.
 *
 * @example
 * const permission = AccountPermissions.READ.or(AccountPermissions.LIST); // "rl"
 * qs.generateAccountSharedAccessSignature("sco", "rwdlacup", expiry);
 */
export class AccountPermissions implements Required<AccountPermissionFlags> {
  /** `r`: read metadata, properties and message counts, and peek at messages. */
  static readonly READ = new AccountPermissions({ read: true });
  /** `w`: create queues and write metadata and service properties. */
  static readonly WRITE = new AccountPermissions({ write: true });
  /** `d`: delete queues. */
  static readonly DELETE = new AccountPermissions({ delete: true });
  /** `l`: list queues. */
  static readonly LIST = new AccountPermissions({ list: true });
  /** `a`: add messages. */
  static readonly ADD = new AccountPermissions({ add: true });
  /** `c`: create; for blobs and files, since queues are created with `WRITE`. */
  static readonly CREATE = new AccountPermissions({ create: true });
  /** `u`: update messages. */
  static readonly UPDATE = new AccountPermissions({ update: true });
  /** `p`: get and delete messages. */
  static readonly PROCESS = new AccountPermissions({ process: true });

  readonly read: boolean;
  readonly write: boolean;
  readonly delete: boolean;
  readonly list: boolean;
  readonly add: boolean;
  readonly create: boolean;
  readonly update: boolean;
  readonly process: boolean;

  /**
   * A frozen set holding the flags given as true; the others are off. `parse` reads the letter form instead.
   *
   * @example
   * new AccountPermissions({ read: true, list: true }).toString(); // "rl"
   */
  constructor(flags: AccountPermissionFlags = {}) {
    this.read = flags.read === true;
    this.write = flags.write === true;
    this.delete = flags.delete === true;
    this.list = flags.list === true;
    this.add = flags.add === true;
    this.create = flags.create === true;
    this.update = flags.update === true;
    this.process = flags.process === true;
    Object.freeze(this);
  }

  /**
   * Reads a permission string such as `"rl"`, in any order; an unknown letter is a `ValidationError`.
   *
   * @example
   * AccountPermissions.parse("lr").toString(); // "rl"
   */
  static parse(text: string): AccountPermissions {
    const letters = canonicalSasLetters(text, ACCOUNT_LETTERS, "account-permissions", "The account permission");
    return new AccountPermissions({
      read: letters.includes("r"),
      write: letters.includes("w"),
      delete: letters.includes("d"),
      list: letters.includes("l"),
      add: letters.includes("a"),
      create: letters.includes("c"),
      update: letters.includes("u"),
      process: letters.includes("p"),
    });
  }

  /**
   * Accepts either form: an instance as it is, a string through `parse`.
   *
   * @example
   * AccountPermissions.from(AccountPermissions.LIST).list; // true
   */
  static from(value: string | AccountPermissions): AccountPermissions {
    return value instanceof AccountPermissions ? value : AccountPermissions.parse(value);
  }

  /**
   * A new set holding the flags of both.
   *
   * @example
   * AccountPermissions.PROCESS.or("r").toString(); // "rp"
   */
  or(other: string | AccountPermissions): AccountPermissions {
    return AccountPermissions.parse(this.toString() + AccountPermissions.from(other).toString());
  }

  /**
   * The permission string in the service's order, `rwdlacup`.
   *
   * @example
   * new AccountPermissions({ list: true, read: true }).toString(); // "rl"
   */
  toString(): string {
    return (
      (this.read ? "r" : "") +
      (this.write ? "w" : "") +
      (this.delete ? "d" : "") +
      (this.list ? "l" : "") +
      (this.add ? "a" : "") +
      (this.create ? "c" : "") +
      (this.update ? "u" : "") +
      (this.process ? "p" : "")
    );
  }
}

/** The flags of a `ResourceTypes`, for its constructor: name the ones to reach. */
export interface ResourceTypeFlags {
  /** Service-level operations: list queues, service properties and stats. */
  readonly service?: boolean;
  /** Queue-level operations: create, delete, metadata, ACL. */
  readonly container?: boolean;
  /** Message-level operations. */
  readonly object?: boolean;
}

const RESOURCE_TYPE_LETTERS = SAS_LETTERS.resourceTypes;

/**
 * The resource types an account SAS reaches. Canonical order `sco`.
 *
 * @example
 * const resourceTypes = ResourceTypes.SERVICE.or(ResourceTypes.OBJECT); // "so"
 */
export class ResourceTypes implements Required<ResourceTypeFlags> {
  /** `s`: service-level operations, such as listing queues and the service properties and stats. */
  static readonly SERVICE = new ResourceTypes({ service: true });
  /** `c`: queue-level operations, such as creating and deleting queues and their metadata and ACL. */
  static readonly CONTAINER = new ResourceTypes({ container: true });
  /** `o`: message-level operations: put, get, peek, update, delete and clear messages. */
  static readonly OBJECT = new ResourceTypes({ object: true });

  readonly service: boolean;
  readonly container: boolean;
  readonly object: boolean;

  /**
   * A frozen set holding the types given as true; the others are off. `parse` reads the letter form instead.
   *
   * @example
   * new ResourceTypes({ container: true, object: true }).toString(); // "co"
   */
  constructor(flags: ResourceTypeFlags = {}) {
    this.service = flags.service === true;
    this.container = flags.container === true;
    this.object = flags.object === true;
    Object.freeze(this);
  }

  /**
   * Reads a resource-types string such as `"sco"`, in any order; an unknown letter is a `ValidationError`.
   *
   * @example
   * ResourceTypes.parse("os").toString(); // "so"
   */
  static parse(text: string): ResourceTypes {
    const letters = canonicalSasLetters(text, RESOURCE_TYPE_LETTERS, "resource-types", "The resource types");
    return new ResourceTypes({
      service: letters.includes("s"),
      container: letters.includes("c"),
      object: letters.includes("o"),
    });
  }

  /**
   * Accepts either form: an instance as it is, a string through `parse`.
   *
   * @example
   * ResourceTypes.from("c").container; // true
   */
  static from(value: string | ResourceTypes): ResourceTypes {
    return value instanceof ResourceTypes ? value : ResourceTypes.parse(value);
  }

  /**
   * A new set holding the types of both.
   *
   * @example
   * ResourceTypes.OBJECT.or(ResourceTypes.SERVICE).toString(); // "so"
   */
  or(other: string | ResourceTypes): ResourceTypes {
    return ResourceTypes.parse(this.toString() + ResourceTypes.from(other).toString());
  }

  /**
   * The resource-types string in the service's order, `sco`.
   *
   * @example
   * ResourceTypes.CONTAINER.toString(); // "c"
   */
  toString(): string {
    return (this.service ? "s" : "") + (this.container ? "c" : "") + (this.object ? "o" : "");
  }
}
