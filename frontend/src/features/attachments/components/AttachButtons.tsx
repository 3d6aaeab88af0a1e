import { useRef, type ChangeEvent } from "react";
import { ACCEPT } from "../format";

/**
 * "Attach files" (any number, the types the server takes) and, on small screens, "Take photo", which
 * opens the phone's camera (`capture`).
 */
export function AttachButtons({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) {
  const files = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const list = Array.from(e.target.files ?? []);
    e.target.value = ""; // picking the same file again fires change again
    if (list.length) onFiles(list);
  };
  const button =
    "flex size-11 shrink-0 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-800 disabled:opacity-50";
  return (
    <>
      <input
        ref={files}
        type="file"
        multiple
        accept={ACCEPT}
        className="hidden"
        data-testid="attach-input"
        onChange={picked}
        tabIndex={-1}
        aria-hidden="true"
      />
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        className="hidden"
        data-testid="camera-input"
        onChange={picked}
        tabIndex={-1}
        aria-hidden="true"
      />
      <button
        type="button"
        className={button}
        aria-label="Attach files"
        title="Attach files (or drop or paste them)"
        disabled={disabled}
        onClick={() => files.current?.click()}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        >
          <path
            d="M15.5 9.5 10 15a3.5 3.5 0 0 1-5-5l6-6a2.3 2.3 0 0 1 3.3 3.3L8.5 13.1a1.2 1.2 0 0 1-1.7-1.7L12 6.2"
            strokeLinecap="round"
          />
        </svg>
      </button>
      <button
        type="button"
        className={`${button} sm:hidden`}
        aria-label="Take photo"
        disabled={disabled}
        onClick={() => camera.current?.click()}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        >
          <path d="M3 6.5h3l1.5-2h5l1.5 2h3v9H3z" strokeLinejoin="round" />
          <circle cx="10" cy="11" r="3" />
        </svg>
      </button>
    </>
  );
}
