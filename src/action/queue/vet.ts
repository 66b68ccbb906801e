/** How a restored queue file is checked before it joins the store's queue (core/publish/vet.ts). */
import { loadTrustedKeys } from "../../core/crypto/keys.js";
import { vetAgainst, type Vet } from "../../core/publish/vet.js";

/**
 * A restored report is trusted only if the strict reader accepts it and, with a certificate (the signing_cert
 * input), it verifies against it.
 */
export function vetWith(certificatePem: string | undefined): Vet {
  return vetAgainst(
    certificatePem ? loadTrustedKeys({ pem: certificatePem, source: "input signing_cert" }) : undefined,
  );
}
