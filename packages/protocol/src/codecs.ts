/** The wire codecs on their own (XML and JSON bodies into models), for callers that decode bodies they fetched themselves. */
export { decodeBody, decodeStatuses } from "./codec";
export { checkMarkup } from "./xml-codec";
export * from "./models-decode";
