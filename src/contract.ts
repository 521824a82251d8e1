/**
 * `azqueue/contract`: validates HTTP traffic against the Azure Queue Storage REST contract (the OpenAPI 3.1
 * description azqueue is generated from, shipped in the package), for users' own contract tests. Nothing here is
 * loaded by `import "azqueue"`.
 */
export { ContractValidator } from "./contract/contract-validator.js";
export type { ContractBody, ContractExchange, ContractHeaders, ContractRequest, ContractResponse, ContractVerdict, ContractViolation } from "./contract/types.js";
export type { FetchFunction, RecordingFetch } from "./contract/recording-fetch.js";
export type { Har, HarEntry, HarEntryVerdict, HarHeader } from "./contract/har.js";
export type { SpecSource } from "./contract/spec-source.js";
export { ContractViolationError } from "./contract/contract-violation-error.js";
export { AzureException, ValidationError, type AzureExceptionOptions } from "./errors.js";
