import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";

export type AutosaveResponse = { savedAt?: string; lockVersion?: number; conflict?: boolean; invalid?: boolean };

/**
 * Saves a draft form by itself, 2 seconds after the user stops typing (only with JavaScript; the
 * form's own Save button works without). Keeps the optimistic-lock version current, so the
 * next save (automatic or not) is based on what was saved last.
 */
export function useAutosave(formId: string, initial: { lockVersion: number; savedAt: string | null }) {
  const fetcher = useFetcher<AutosaveResponse>();
  const [lockVersion, setLockVersion] = useState(initial.lockVersion);
  const [savedAt, setSavedAt] = useState(initial.savedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const submitRef = useRef(fetcher.submit);
  submitRef.current = fetcher.submit;

  useEffect(() => {
    setLockVersion(initial.lockVersion);
  }, [initial.lockVersion]);

  useEffect(() => {
    if (fetcher.data?.lockVersion) setLockVersion(fetcher.data.lockVersion);
    if (fetcher.data?.savedAt) setSavedAt(fetcher.data.savedAt);
  }, [fetcher.data]);

  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const schedule = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const body = new FormData(form);
        body.set("intent", "autosave");
        void submitRef.current(body, { method: "post", action: form.getAttribute("action") ?? undefined });
      }, 2000);
    };
    const cancel = () => clearTimeout(timer.current);
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", cancel);
    return () => {
      cancel();
      form.removeEventListener("input", schedule);
      form.removeEventListener("change", schedule);
      form.removeEventListener("submit", cancel);
    };
  }, [formId]);

  return {
    lockVersion,
    savedAt,
    saving: fetcher.state !== "idle",
    conflict: Boolean(fetcher.data?.conflict),
    invalid: Boolean(fetcher.data?.invalid),
  };
}

/** Don't reload the page's data after an automatic save: the form stays exactly as typed. */
export function skipRevalidationOnAutosave(args: { formData?: FormData; defaultShouldRevalidate: boolean }) {
  return args.formData?.get("intent") === "autosave" ? false : args.defaultShouldRevalidate;
}
