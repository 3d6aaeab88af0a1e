import { useState } from "react";
import { FOCUS_RING } from "./faq-styles";

/**
 * "Copy link" for an answer, so a customer can keep it and support can send it. Where the browser does
 * not allow copying (no clipboard outside https, a frame without permission), the link is shown instead.
 */
export default function CopyLinkButton({ url }: { url: string }) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setResult("copied");
    } catch {
      setResult("failed");
    }
  };
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={() => void copy()}
        className={`rounded-md bg-white px-3 py-1 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 ${FOCUS_RING}`}
      >
        Copy link
      </button>
      <span aria-live="polite" className="min-w-0 break-all text-slate-600">
        {result === "copied" && "Link copied."}
        {result === "failed" && (
          <>
            Copy this link:{" "}
            <a href={url} className="font-medium text-indigo-700 underline">
              {url}
            </a>
          </>
        )}
      </span>
    </div>
  );
}
