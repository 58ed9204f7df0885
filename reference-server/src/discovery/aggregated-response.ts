// Writes an aggregated discovery document as kube-apiserver does: Content-Type names the profile
// served, the ETag is a hash of the document, and a client that already holds it gets 304. Vary:
// Accept because the same URL answers legacy documents to other Accept headers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type APIGroupDiscoveryList, discoveryETag } from './aggregated.js';
import { AGGREGATED_DISCOVERY_V2 } from './negotiation.js';

export function writeAggregatedDiscovery(
  req: IncomingMessage,
  res: ServerResponse,
  document: APIGroupDiscoveryList,
): void {
  const text = JSON.stringify(document);
  const etag = discoveryETag(text);
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'public');
  // kube compares the header with its quoted hash literally (no lists, no weak validators).
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': AGGREGATED_DISCOVERY_V2, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
