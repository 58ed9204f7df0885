// Why a protobuf body could not be read. The two reasons need different answers: a kind we
// have no schema for is the server's limit (415, the client may retry as JSON), while bytes
// that are not a valid message are the client's fault (400).

export type ProtobufDecodeFailure = 'UnsupportedKind' | 'Malformed';

export class ProtobufDecodeError extends Error {
  constructor(
    readonly reason: ProtobufDecodeFailure,
    message: string,
    /** apiVersion/kind from the envelope, when it got that far: useful in the error answer. */
    readonly gvk?: { apiVersion: string; kind: string },
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }

  /** The HTTP status to answer with. */
  get code(): 400 | 415 {
    return this.reason === 'UnsupportedKind' ? 415 : 400;
  }
}

export function malformed(message: string): ProtobufDecodeError {
  return new ProtobufDecodeError('Malformed', message);
}
