// Reading request bodies that Go clients send as `application/vnd.kubernetes.protobuf`.
// kubectl and client-go send built-in kinds this way and do not retry as JSON when refused,
// so the server reads them, turns them into the JSON object a JSON client would have sent,
// and carries on as for JSON (answering in JSON, which those clients also accept).
//
// Wire layout (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the bytes `k8s` and a
// zero, then a runtime.Unknown whose typeMeta names the kind and whose raw holds the object's
// own message.

import { protobufMessageFor, supportedProtobufKinds } from './k8s-kinds.js';
import { k8sMessageType } from './k8s-proto-schema.js';
import { messageToJSON } from './proto-json.js';
import { malformed, ProtobufDecodeError } from './protobuf-decode-error.js';

export { ProtobufDecodeError, type ProtobufDecodeFailure } from './protobuf-decode-error.js';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** The fourth byte is the encoding; 0 (a plain Unknown) is the only one defined. */
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface DecodedBody {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

/** True for the Kubernetes protobuf media type, with or without parameters. */
export function isProtobufContentType(ct: string): boolean {
  return ct.split(';')[0]!.trim().toLowerCase() === protobufMediaType;
}

/**
 * Decodes a protobuf request body into the JSON object form, with apiVersion and kind set.
 * `defaults` fills an envelope that leaves apiVersion or kind empty, as the Go server fills it
 * from the endpoint being called. Throws ProtobufDecodeError: `UnsupportedKind` (answer 415)
 * or `Malformed` (answer 400).
 */
export function decodeProtobufBody(
  body: Buffer,
  defaults?: { apiVersion?: string; kind?: string },
): DecodedBody {
  if (body.length < magic.length || !body.subarray(0, magic.length).equals(magic))
    throw malformed('the body does not start with the Kubernetes protobuf prefix');
  if (body.length === magic.length) throw malformed('the protobuf body is empty');

  const envelope = decodeAs('k8s.io.apimachinery.pkg.runtime.Unknown', body.subarray(magic.length));
  const typeMeta = (envelope.typeMeta ?? {}) as Record<string, unknown>;
  const apiVersion = String(typeMeta.apiVersion || defaults?.apiVersion || '');
  const kind = String(typeMeta.kind || defaults?.kind || '');
  if (!apiVersion || !kind) throw malformed('the protobuf envelope does not name an apiVersion and kind');

  const typeName = protobufMessageFor(apiVersion, kind);
  if (!typeName)
    throw new ProtobufDecodeError(
      'UnsupportedKind',
      `${kind} in ${apiVersion} cannot be sent as protobuf here; send it as application/json ` +
        `(protobuf is read for ${supportedProtobufKinds().join(', ')})`,
      { apiVersion, kind },
    );

  // Other content encodings and types in the envelope are ignored, as the Go server does.
  const raw = (envelope.raw as Uint8Array | undefined) ?? new Uint8Array(0);
  const object = messageToJSON(k8sMessageType(typeName), decodeAs(typeName, raw));
  return { apiVersion, kind, object: { apiVersion, kind, ...object } };
}

function decodeAs(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = k8sMessageType(typeName); // outside the try: a schema bug is not the client's fault
  try {
    return type.decode(bytes) as unknown as Record<string, unknown>;
  } catch (e) {
    throw malformed(`the protobuf body is not a valid ${typeName.split('.').pop()}: ${(e as Error).message}`);
  }
}
