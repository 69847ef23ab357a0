import { parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clearedDiaryVisitCookie, diaryVisitCookie, readDiaryVisitToken } from "~/auth/cookie.server";
import { DiaryAddForms } from "~/components/diary/DiaryAddForms";
import { DiaryCreated } from "~/components/diary/DiaryCreated";
import { DiaryEntryList } from "~/components/diary/DiaryEntryList";
import { DiarySendForm } from "~/components/diary/DiarySendForm";
import { ErrorSummary, FormNamespace, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { invalidInput } from "~/domain/form-errors";
import { readDiaryEntryForm } from "~/domain/reports/diary-form";
import { addDiaryEntry, createDiary, deleteDiary, diaryDeletionDate, endDiaryVisit, openDiaryVisit, openDiaryWithCode, startDiaryVisit, type OpenDiary } from "~/domain/reports/diary.server";
import { diaryView } from "~/domain/reports/diary-view";
import { removeDiaryEntry } from "~/domain/reports/diary.server";
import { readReportForm } from "~/domain/reports/upload.server";
import { formatDate } from "~/i18n/dates";
import type { Locale } from "~/i18n/locales";
import { localeAndT } from "~/i18n/route.server";

const openSchema = z.object({
  reference: z.string({ error: "errors.required" }).trim().min(4, "diary.errors.reference").max(40, "diary.errors.reference").regex(/^[A-Za-z0-9 -]+$/, "diary.errors.reference"),
  code: z.string({ error: "errors.required" }).trim().min(10, "status.errors.code").max(60, "status.errors.code").regex(/^[A-Za-z0-9 -]+$/, "status.errors.code"),
});

type View = ReturnType<typeof diaryView> & { deletesOn: string };
interface Answer {
  view: View | null;
  /** Shown once, right after the diary was made. */
  created: { reference: string; code: string; deletesOn: string } | null;
  /** The open form's result while no diary is shown; an entry form's while one is. */
  result: SubmissionResult<string[]> | null;
  /** Which add form the result belongs to. */
  resultFor: string | null;
  notice: string | null;
}

const noStore = { "Cache-Control": "no-store" };

function withDeletion(open: OpenDiary, locale: Locale, months: number): View {
  return { ...diaryView(open, locale), deletesOn: formatDate(locale, diaryDeletionDate(open.diary.updatedAt, months)) };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, t } = localeAndT(params, "report");
  const headers = new Headers(noStore);
  const token = readDiaryVisitToken(request);
  const open = token ? await openDiaryVisit(await getDb(), token, new Date()) : null;
  if (token && !open) headers.append("Set-Cookie", clearedDiaryVisitCookie(request));
  const months = getConfig().RETENTION_MONTHS;
  return data({ locale, title: t("diary.title"), months, view: open ? withDeletion(open, locale, months) : null }, { headers });
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => (actionResult ? false : defaultShouldRevalidate);

/**
 * The diary's own page: start one (its reference and code are shown once), open one with them,
 * add and remove entries, choose what to send, delete it. Every change goes through a visit.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { locale } = localeAndT(params, "report");
  const db = await getDb();
  const now = new Date();
  const months = getConfig().RETENTION_MONTHS;
  const upload = await readReportForm(request);
  const { formData } = upload;
  const intent = String(formData.get("intent") ?? "");
  const token = readDiaryVisitToken(request);
  const answer = (body: Partial<Answer>, init: { status?: number; cookie?: string } = {}) => {
    const headers = new Headers(noStore);
    if (init.cookie) headers.append("Set-Cookie", init.cookie);
    return data({ view: null, created: null, result: null, resultFor: null, notice: null, ...body } satisfies Answer, { status: init.status ?? 200, headers });
  };

  if (intent === "start") {
    const created = await createDiary(db, locale, now);
    const opened = await openDiaryWithCode(db, { reference: created.reference, code: created.code, ip: context.clientIp ?? null }, now);
    if (!opened.ok) throw new Error("A new diary did not open with its own code");
    const visit = await startDiaryVisit(db, opened.diaryId, opened.key, now, token);
    const open = await openDiaryVisit(db, visit.token, now);
    return answer(
      { view: open ? withDeletion(open, locale, months) : null, created: { reference: created.reference, code: created.code, deletesOn: formatDate(locale, diaryDeletionDate(now, months)) } },
      { cookie: diaryVisitCookie(request, visit.token) },
    );
  }

  if (intent === "open") {
    const submission = parseWithZod(formData, { schema: openSchema, error: invalidInput });
    if (submission.status !== "success") return answer({ result: submission.reply({ hideFields: ["code"] }), resultFor: "open" }, { status: 400 });
    const opened = await openDiaryWithCode(db, { reference: submission.value.reference, code: submission.value.code, ip: context.clientIp ?? null }, now);
    if (!opened.ok) {
      const message = opened.reason === "throttled" ? "status.errors.throttled" : "diary.errors.noMatch";
      return answer({ result: submission.reply({ formErrors: [message], hideFields: ["code"] }), resultFor: "open" }, { status: opened.reason === "throttled" ? 429 : 400 });
    }
    const visit = await startDiaryVisit(db, opened.diaryId, opened.key, now, token);
    const open = await openDiaryVisit(db, visit.token, now);
    return answer({ view: open ? withDeletion(open, locale, months) : null }, { cookie: diaryVisitCookie(request, visit.token) });
  }

  if (intent === "hide") {
    if (token) await endDiaryVisit(db, token);
    return answer({ notice: "diary.notices.hidden" }, { cookie: clearedDiaryVisitCookie(request) });
  }

  // Everything else changes the diary: only through a live visit.
  const open = token ? await openDiaryVisit(db, token, now) : null;
  if (!open) return answer({ result: { status: "error", error: { "": ["diary.errors.visitEnded"] } }, resultFor: "open" }, { status: 403, cookie: token ? clearedDiaryVisitCookie(request) : undefined });
  const shown = async (notice: string | null, extra: Partial<Answer> = {}, status = 200) => {
    const fresh = await openDiaryVisit(db, token!, now);
    return answer({ view: fresh ? withDeletion(fresh, locale, months) : null, notice, ...extra }, { status });
  };

  if (intent === "add") {
    const read = readDiaryEntryForm(formData);
    const fieldErrors = { ...read.errors, ...(upload.fileError ? { attachments: [upload.fileError] } : {}) };
    if (!read.entry || Object.keys(fieldErrors).length) {
      return shown(null, { result: { status: "error", initialValue: Object.fromEntries([...formData.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>, error: fieldErrors }, resultFor: read.kind }, 400);
    }
    const added = await addDiaryEntry(db, open.cipher, read.entry, upload.attachments, now);
    if (!added.ok) return shown(null, { result: { status: "error", error: { "": [added.error] } }, resultFor: read.kind }, 400);
    return shown("diary.notices.added");
  }

  if (intent === "remove") {
    const entryId = z.uuid().safeParse(formData.get("entryId"));
    const removed = entryId.success ? await removeDiaryEntry(db, open.cipher, entryId.data, now) : { ok: false as const, error: "diary.errors.noEntry" };
    return shown(removed.ok ? "diary.notices.removed" : removed.error, {}, removed.ok ? 200 : 400);
  }

  if (intent === "delete") {
    if (formData.get("confirm") !== "on") return shown(null, { result: { status: "error", error: { confirm: ["diary.errors.confirmDelete"] } }, resultFor: "delete" }, 400);
    await deleteDiary(db, open.diary.id);
    await endDiaryVisit(db, token!);
    return answer({ notice: "diary.notices.deleted" }, { cookie: clearedDiaryVisitCookie(request) });
  }

  return shown(null, {}, 400);
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }, { name: "robots", content: "noindex" }] : []);

export default function DiaryPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { locale, months } = loaderData;
  const actionData = useActionData<typeof action>() as Answer | undefined;
  const { t } = useTranslation("report");
  const view = actionData ? actionData.view : loaderData.view;
  const [openForm, openFields] = useZodForm(openSchema, !view && actionData?.resultFor === "open" ? actionData.result : undefined, "open-diary");
  if (!view) {
    return (
      <FormNamespace.Provider value="report">
        <div className="page page--narrow" data-diary="closed">
          <h1>{t("diary.title")}</h1>
          {actionData?.notice ? (
            <p className="notice" role="status" data-notice={actionData.notice}>
              {t(actionData.notice)}
            </p>
          ) : null}
          <p className="lead">{t("diary.lead")}</p>
          <ul>
            <li>{t("diary.private")}</li>
            <li>{t("diary.sendLater")}</li>
            <li data-diary-retention="">{t("diary.retention", { count: months })}</li>
          </ul>
          <Form method="post" className="diary-start">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" data-diary-start="">
              {t("diary.start")}
            </button>
          </Form>
          <h2>{t("diary.openTitle")}</h2>
          <ErrorSummary form={openForm} labels={{ reference: t("diary.reference"), code: t("diary.code") }} />
          <Form method="post" id={openForm.id} onSubmit={openForm.onSubmit} noValidate>
            <input type="hidden" name="intent" value="open" />
            <TextField field={openFields.reference} label={t("diary.reference")} hint={t("diary.referenceHint")} autoComplete="off" />
            <TextField field={openFields.code} label={t("diary.code")} type="password" autoComplete="off" />
            <button type="submit">{t("diary.open")}</button>
          </Form>
          <p>
            {t("diary.reportInstead")} <a href={`/${locale}/report`}>{t("diary.reportLink")}</a>
          </p>
        </div>
      </FormNamespace.Provider>
    );
  }
  const unsent = view.entries.filter((entry) => !entry.sentAs);
  return (
    <FormNamespace.Provider value="report">
      <div className="page page--narrow" data-diary="open">
        {actionData?.created ? <DiaryCreated reference={actionData.created.reference} code={actionData.created.code} deletesOn={actionData.created.deletesOn} /> : null}
        <h1>{t("diary.diaryTitle", { reference: view.reference })}</h1>
        {actionData?.notice ? (
          <p className="notice" role="status" data-notice={actionData.notice}>
            {t(actionData.notice)}
          </p>
        ) : null}
        <p className="notice" data-diary-deletes-on="">
          {t("diary.deletesOn", { date: view.deletesOn })}
        </p>
        <DiaryEntryList entries={view.entries} />
        <DiaryAddForms result={actionData?.result ?? null} resultFor={actionData?.resultFor ?? null} />
        {unsent.length ? <DiarySendForm locale={locale} entries={unsent} /> : null}
        <section aria-labelledby="diary-end-title" className="no-print">
          <h2 id="diary-end-title">{t("diary.endTitle")}</h2>
          <Form method="post" id="hide-diary">
            <input type="hidden" name="intent" value="hide" />
            <p className="hint">{t("diary.visitHint")}</p>
            <button type="submit" className="button--secondary">
              {t("diary.hide")}
            </button>
          </Form>
          <Form method="post" id="delete-diary" className="diary-delete">
            <input type="hidden" name="intent" value="delete" />
            {actionData?.resultFor === "delete" ? (
              <p className="field-error" id="diary-confirm-error" role="alert">
                {t("diary.errors.confirmDelete")}
              </p>
            ) : null}
            <div className="checkbox">
              <input id="diary-confirm-delete" type="checkbox" name="confirm" aria-describedby={actionData?.resultFor === "delete" ? "diary-confirm-error" : undefined} />
              <label htmlFor="diary-confirm-delete">{t("diary.confirmDelete")}</label>
            </div>
            <button type="submit" className="button--secondary" data-diary-delete="">
              {t("diary.delete")}
            </button>
          </Form>
        </section>
      </div>
    </FormNamespace.Provider>
  );
}
