// A proof document straight to S3 with the presigned POST the API issued: XMLHttpRequest, because only it
// reports upload progress. S3 answers errors as XML (`<Error><Code/><Message/></Error>`).

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export class UploadError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "UploadError";
    this.code = code;
  }
}

function s3Error(xml: string): { code: string; message: string } | null {
  const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
  return code || message ? { code: code ?? "upload_refused", message: message ?? code ?? "" } : null;
}

export function postToS3(
  form: PresignedPost,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append("file", file); // S3 ignores every field after `file`: it goes last
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const parsed = s3Error(xhr.responseText ?? "");
      reject(new UploadError(parsed?.code ?? `http_${xhr.status}`, parsed?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new UploadError("network_error", "The file storage could not be reached."));
    xhr.onabort = () => reject(new UploadError("aborted", "The upload was stopped."));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}

const EXTENSION_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  doc: "application/msword",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};

/** What each upload item takes (the API refuses anything else: shared/domain/evidence.py). */
export const ACCEPTED: Record<"findings_report" | "invoice", { types: string[]; extensions: string[] }> = {
  findings_report: {
    types: [EXTENSION_TYPES.pdf, EXTENSION_TYPES.docx, EXTENSION_TYPES.doc, EXTENSION_TYPES.pptx],
    extensions: ["pdf", "docx", "doc", "pptx"],
  },
  invoice: {
    types: [EXTENSION_TYPES.pdf, EXTENSION_TYPES.png, EXTENSION_TYPES.jpeg],
    extensions: ["pdf", "png", "jpg", "jpeg"],
  },
};
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** The media type to announce: the browser's, else the one its extension names. */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
  return EXTENSION_TYPES[ext] ?? "application/octet-stream";
}
