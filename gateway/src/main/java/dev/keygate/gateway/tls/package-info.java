/**
 * TLS on Keygate's ports: the certificate and key files ({@code KEYGATE_TLS_CERT}, {@code KEYGATE_TLS_KEY}, or one
 * PKCS#12 file, {@code KEYGATE_TLS_PKCS12}: {@link CertificateSource}) read and checked ({@link CertificateFiles},
 * {@link Pkcs12File}), the server options they make, and their reload into running servers when the files change
 * ({@link ServerTls}); the authorities of the system API's client certificates ({@link ClientCertificates}).
 */
package dev.keygate.gateway.tls;
