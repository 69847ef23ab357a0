import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publicOrigin } from "~/auth/guards.server";
import { staffForm, staffRoute } from "~/auth/staff-route.server";
import { CheckboxGroup, ErrorSummary, FieldErrors, TextAreaField, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { broadcastReadStatus, sendBroadcast, type BroadcastTexts, broadcastUnitChoices, unitCountries } from "~/domain/staff/broadcasts.server";
import { formatDateTime } from "~/i18n/dates";
import { localeInfo, locales, type Locale } from "~/i18n/locales";
import type { StaffShellHandle } from "~/components/staff-shell";

const countries = ["dk", "se", "no"] as const;
const suffix = { da: "Da", sv: "Sv", nb: "Nb" } as const;
const optionalText = (min: number, max: number) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim() || undefined : value), z.string().min(min, "errors.tooShort").max(max, "errors.tooLong").optional());

const broadcastSchema = z
  .object({
    titleDa: optionalText(3, 140),
    bodyDa: optionalText(10, 4000),
    titleSv: optionalText(3, 140),
    bodySv: optionalText(10, 4000),
    titleNb: optionalText(3, 140),
    bodyNb: optionalText(10, 4000),
    countries: z.array(z.enum(countries, "errors.chooseCountry"), { error: "errors.chooseCountry" }).min(1, "errors.chooseCountry"),
    unitIds: z.array(z.uuid("errors.invalidChoice")).max(200).optional(),
  })
  .superRefine((value, context) => {
    let any = false;
    for (const locale of locales) {
      const title = value[`title${suffix[locale]}`];
      const body = value[`body${suffix[locale]}`];
      if (title && body) any = true;
      else if (title || body) context.addIssue({ code: "custom", path: [title ? `body${suffix[locale]}` : `title${suffix[locale]}`], message: "errors.bothOrNeither" });
    }
    if (!any) context.addIssue({ code: "custom", path: ["titleDa"], message: "errors.oneLanguage" });
  });

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, db } = await staffRoute(args, { roles: ["administrator"] });
  const format = { format: (date: Date) => formatDateTime(locale, date) };
  const broadcasts = (await broadcastReadStatus(db, locale)).map((broadcast) => ({
    ...broadcast,
    createdAt: format.format(broadcast.createdAt),
    readers: broadcast.readers.map((reader) => ({ ...reader, readAt: reader.readAt ? format.format(reader.readAt) : null })),
  }));
  // The units a broadcast can be narrowed to: regions, municipalities and parties, by country.
  const choices = await broadcastUnitChoices(db);
  return data({ locale, title: t("broadcasts.title"), broadcasts, choices }, { headers: { "Cache-Control": "no-store" } });
}

export async function action(args: ActionFunctionArgs) {
  const { user, db, ip, submission } = await staffForm(args, broadcastSchema, { roles: ["administrator"] });
  if (submission.status !== "success") return data({ result: submission.reply(), recipients: null }, { status: 400 });
  const value = submission.value;
  const unitIds = value.unitIds ?? [];
  if (unitIds.length) {
    const found = await unitCountries(db, unitIds);
    if (found.length !== new Set(unitIds).size || found.some((unit) => !value.countries.some((country) => country === unit.country))) {
      return data({ result: submission.reply({ fieldErrors: { unitIds: ["errors.unitNotInCountry"] } }), recipients: null }, { status: 400 });
    }
  }
  const texts: BroadcastTexts = {};
  for (const code of locales) {
    const title = value[`title${suffix[code]}`];
    const body = value[`body${suffix[code]}`];
    if (title && body) texts[code] = { title, body };
  }
  const { recipients } = await sendBroadcast(db, { texts, audience: { countries: value.countries, unitIds }, origin: publicOrigin(args.request, getConfig().PUBLIC_URL) }, { userId: user.id, ip }, new Date());
  return { result: submission.reply({ resetForm: true }), recipients };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Broadcasts() {
  const { locale, broadcasts, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(broadcastSchema, actionData?.result, "broadcast", { countries: [localeInfo[locale].country] });
  const f = fields as unknown as Record<string, Parameters<typeof TextField>[0]["field"]>;
  // The page's language first.
  const order: Locale[] = [locale, ...locales.filter((code) => code !== locale)];
  const labels: Record<string, string> = { countries: t("broadcasts.countries"), unitIds: t("broadcasts.units") };
  for (const code of order) {
    labels[`title${suffix[code]}`] = `${t("fields.title")} (${t(`languages.${code}`)})`;
    labels[`body${suffix[code]}`] = `${t("fields.message")} (${t(`languages.${code}`)})`;
  }
  const countryNames = (list: readonly string[]) => list.map((code) => t(`countries.${code}`)).join(", ");
  return (
    <>
      <h1>{t("broadcasts.title")}</h1>
      <p className="lead">{t("broadcasts.lead")}</p>
      <div role="status">
        {actionData?.recipients !== null && actionData?.recipients !== undefined ? (
          <p className="notice" data-broadcast-sent={actionData.recipients}>
            {actionData.recipients > 0 ? t("broadcasts.sent", { count: actionData.recipients }) : t("broadcasts.nobody")}
          </p>
        ) : null}
      </div>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <fieldset className="field">
          <legend>{t("broadcasts.audienceTitle")}</legend>
          <CheckboxGroup field={f.countries!} legend={t("broadcasts.countries")} options={countries.map((code) => ({ value: code, label: t(`countries.${code}`) }))} />
          <div className="field">
            <label htmlFor="broadcast-units">{t("broadcasts.units")}</label>
            <p id="broadcast-units-hint" className="field-hint">{t("broadcasts.unitsHint")}</p>
            <FieldErrors field={f.unitIds!} />
            <select id="broadcast-units" name="unitIds" multiple size={8} aria-describedby="broadcast-units-hint" aria-invalid={f.unitIds!.errors ? true : undefined}>
              {countries.map((country) =>
                (["region", "municipality", "party"] as const).map((kind) => {
                  const options = choices.filter((unit) => unit.country === country && unit.kind === kind);
                  return options.length ? (
                    <optgroup key={`${country}-${kind}`} label={`${t(`countries.${country}`)} · ${t(`units.kinds.${kind}`)}`}>
                      {options.map((unit) => (
                        <option key={unit.id} value={unit.id}>{unit.name}</option>
                      ))}
                    </optgroup>
                  ) : null;
                }),
              )}
            </select>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>{t("broadcasts.textsTitle")}</legend>
          <p className="field-hint">{t("broadcasts.textsHint")}</p>
          {order.map((code) => (
            <fieldset key={code} className="field" lang={code}>
              <legend>{t(`languages.${code}`)}</legend>
              <TextField field={f[`title${suffix[code]}`]!} label={t("fields.title")} />
              <TextAreaField field={f[`body${suffix[code]}`]!} label={t("fields.message")} hint={t("broadcasts.bodyHint")} />
            </fieldset>
          ))}
        </fieldset>
        <button type="submit">{t("broadcasts.submit")}</button>
      </Form>
      <h2>{t("broadcasts.history")}</h2>
      {broadcasts.map((broadcast) => {
        const unread = broadcast.readers.filter((reader) => !reader.readAt);
        const read = broadcast.readers.filter((reader) => reader.readAt);
        return (
          <section key={broadcast.id} className="card" aria-labelledby={`b-${broadcast.id}`} data-broadcast-status={broadcast.id}>
            <h3 id={`b-${broadcast.id}`}>{broadcast.title}</h3>
            <p className="article-meta">
              {broadcast.createdAt}
              {broadcast.audience ? ` · ${broadcast.audience.unitIds.length ? t("broadcasts.audienceUnits", { countries: countryNames(broadcast.audience.countries), count: broadcast.audience.unitIds.length }) : t("broadcasts.audience", { countries: countryNames(broadcast.audience.countries) })}` : null}
              {broadcast.languages.length ? ` · ${t("broadcasts.languages", { languages: broadcast.languages.map((code) => t(`languages.${code}`)).join(", ") })}` : null}
            </p>
            <p className="preserve-lines">{broadcast.body}</p>
            <h4>{t("broadcasts.readBy", { read: read.length, total: broadcast.readers.length })}</h4>
            {unread.length ? (
              <>
                <h5>{t("broadcasts.notReadTitle")}</h5>
                <ul data-unread="">
                  {unread.map((reader) => (
                    <li key={reader.userId} data-reader={reader.name} data-read="no">
                      {reader.name}: {reader.phone ? <a href={`tel:${reader.phone.replace(/\s+/g, "")}`}>{reader.phone}</a> : t("broadcasts.noPhone")}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t("broadcasts.allRead")}</p>
            )}
            {read.length ? (
              <>
                <h5>{t("broadcasts.readTitle")}</h5>
                <ul>
                  {read.map((reader) => (
                    <li key={reader.userId} data-reader={reader.name} data-read="yes">
                      {reader.name}: {t("broadcasts.readAt", { at: reader.readAt })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
