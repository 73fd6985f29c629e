package io.natflow.rest.ui;

/**
 * One file the page is made of, read once at startup.
 *
 * @param contentType the full Content-Type header, charset included for text
 * @param etag        a strong validator of the bytes, quoted as HTTP wants it
 */
record UiAsset(byte[] bytes, String contentType, String etag) {}
