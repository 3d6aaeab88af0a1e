import { useEffect, useRef } from "react";
import { useRouteError } from "react-router";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/**
 * What the data router shows when rendering throws (a bug): a plain page with a way out, instead of
 * react-router's developer screen. The error goes to the console for whoever reports it; the page never
 * shows its message or stack, which mean nothing to a shop or an agent.
 */
export default function AppErrorPage() {
  const error = useRouteError();
  console.error(error);
  // The page that broke set the tab's title and held the focus (often on the link that led here, now
  // gone): the title says what this is, and the heading takes the focus so a screen reader reads it.
  useDocumentTitle("Something went wrong");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold text-slate-900 focus:outline-none">
        Something went wrong
      </h1>
      <p className="text-slate-600">
        This page hit an error. Your drafts are kept in this browser; reloading usually helps.
      </p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Reload the page
      </button>
      <a href="/" className="font-medium text-indigo-700 hover:underline">
        Go to the start page
      </a>
    </main>
  );
}
