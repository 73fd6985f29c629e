/**
 * Bytes to OpenFlow messages and back: framing with validation, loxi decoding with OFPT_ERROR
 * answers for what cannot be decoded, and a batching encoder.
 */
package io.natflow.controller.codec;
