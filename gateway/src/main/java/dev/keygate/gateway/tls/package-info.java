/**
 * TLS on Keygate's ports: the certificate and key files ({@code KEYGATE_TLS_CERT}, {@code KEYGATE_TLS_KEY}) read and
 * checked ({@link CertificateFiles}), the server options they make, and their reload into running servers when the
 * files change ({@link ServerTls}).
 */
package dev.keygate.gateway.tls;
