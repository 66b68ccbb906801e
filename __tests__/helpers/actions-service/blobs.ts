/**
 * The blob side of the emulation: containers on Azurite, SAS URLs signed with the development account key
 * (Azurite checks them as Azure does), and direct reads/writes for the test's own assertions.
 */
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { ACCOUNT, ACCOUNT_KEY, type Azurite } from "./azurite.js";

export const CACHE_CONTAINER = "actions-cache";
export const ARTIFACT_CONTAINER = "actions-artifacts";

export class Blobs {
  readonly #credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  readonly #service: BlobServiceClient;
  /** Base of the URLs handed to clients: Azurite's path-style URL, or a production-style host alias. */
  readonly #publicBase: string;

  constructor(azurite: Azurite, hostAlias?: string) {
    this.#service = new BlobServiceClient(`${azurite.origin}/${ACCOUNT}`, this.#credential);
    this.#publicBase = hostAlias ? `http://${hostAlias}:${azurite.port}` : `${azurite.origin}/${ACCOUNT}`;
  }

  async createContainers(): Promise<void> {
    for (const name of [CACHE_CONTAINER, ARTIFACT_CONTAINER])
      await this.#service.getContainerClient(name).createIfNotExists();
  }

  /** A SAS URL for one blob: "cw" to upload (Put Blob, Put Block, Put Block List), "r" to download. */
  signedUrl(container: string, blob: string, permissions: "cw" | "r", minutes = 60): string {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName: blob,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + minutes * 60_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      this.#credential,
    ).toString();
    return `${this.#publicBase}/${container}/${blob.split("/").map(encodeURIComponent).join("/")}?${sas}`;
  }

  /** The blob's size, or undefined when nothing was committed under that name. */
  async size(container: string, blob: string): Promise<number | undefined> {
    const client = this.#service.getContainerClient(container).getBlobClient(blob);
    if (!(await client.exists())) return undefined;
    return (await client.getProperties()).contentLength;
  }

  async read(container: string, blob: string): Promise<Buffer> {
    return this.#service.getContainerClient(container).getBlobClient(blob).downloadToBuffer();
  }

  async write(container: string, blob: string, bytes: Buffer): Promise<void> {
    await this.#service
      .getContainerClient(container)
      .getBlockBlobClient(blob)
      .uploadData(bytes, { blobHTTPHeaders: { blobContentType: "application/octet-stream" } });
  }

  async remove(container: string, blob: string): Promise<void> {
    await this.#service.getContainerClient(container).getBlobClient(blob).deleteIfExists();
  }
}
