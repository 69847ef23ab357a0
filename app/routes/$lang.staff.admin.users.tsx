import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publicOrigin } from "~/auth/guards.server";
import { staffAction, staffRoute } from "~/auth/staff-route.server";
import { CheckboxGroup, ErrorSummary, SelectField, TextField, useZodForm } from "~/components/forms";
import { getConfig } from "~/config.server";
import { EmailTakenError, inviteStaff } from "~/domain/staff/accounts.server";
import { listStaff, setDisabled, setRoles, unlockUser } from "~/domain/staff/users.server";
import { staffRoles } from "~/domain/vocabulary";
import { locales } from "~/i18n/locales";
import { getSealingKeys } from "~/encryption-keys.server";
import type { StaffShellHandle } from "~/components/staff-shell";

const roleList = z.array(z.enum(staffRoles, "errors.invalidChoice"), { error: "users.rolesRequired" }).min(1, "users.rolesRequired");

const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: z.string({ error: "errors.required" }).trim().max(254, "errors.tooLong").pipe(z.email("errors.email")),
  name: z.string({ error: "errors.required" }).trim().min(2, "errors.tooShort").max(120, "errors.tooLong"),
  roles: roleList,
  locale: z.enum(locales, "errors.invalidChoice"),
});

const manageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set-roles"), userId: z.uuid(), roles: roleList }),
  z.object({ intent: z.literal("unlock"), userId: z.uuid() }),
  z.object({ intent: z.literal("disable"), userId: z.uuid() }),
  z.object({ intent: z.literal("enable"), userId: z.uuid() }),
]);

export async function loader(args: LoaderFunctionArgs) {
  const { locale, t, user, db } = await staffRoute(args, { roles: ["administrator"] });
  const staff = await listStaff(db);
  return data(
    { locale, title: t("users.title"), user: { id: user.id }, staff: staff.map((row) => ({ ...row, locked: Boolean(row.lockedAt) })) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { user, db, ip, formData, parse } = await staffAction(args, { roles: ["administrator"] });
  const actor = { userId: user.id, ip };
  if (formData.get("intent") === "invite") {
    const submission = await parse(inviteSchema);
    if (submission.status !== "success") return data({ invite: submission.reply(), manage: null }, { status: 400 });
    try {
      await inviteStaff(db, { ...submission.value, invitedBy: user.id, origin: publicOrigin(request, getConfig().PUBLIC_URL), ip: actor.ip }, new Date());
    } catch (error) {
      if (error instanceof EmailTakenError) return data({ invite: submission.reply({ fieldErrors: { email: ["users.emailTaken"] } }), manage: null }, { status: 400 });
      throw error;
    }
    return { invite: submission.reply({ resetForm: true }), manage: "invited" };
  }
  const submission = await parse(manageSchema);
  if (submission.status !== "success") return data({ invite: null, manage: "invalid", result: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (value.intent === "set-roles") await setRoles(db, value.userId, value.roles, actor);
  if (value.intent === "unlock") await unlockUser(db, value.userId, actor);
  if (value.intent === "disable" && value.userId !== user.id) await setDisabled(db, getSealingKeys(), value.userId, true, actor);
  if (value.intent === "enable") await setDisabled(db, getSealingKeys(), value.userId, false, actor);
  return { invite: null, manage: "saved" };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => (loaderData ? [{ title: `${loaderData.title} · Trygg` }] : []);

export const handle = { staffShell: true } satisfies StaffShellHandle;

export default function Users() {
  const { user, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const [form, fields] = useZodForm(inviteSchema, actionData?.invite, "invite");
  const roleOptions = staffRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  return (
    <>
      <h1>{t("users.title")}</h1>
      {actionData?.manage === "invited" ? <p className="notice" role="status">{t("users.invited")}</p> : null}
      {actionData?.manage === "saved" ? <p className="notice" role="status">{t("users.saved")}</p> : null}
      {actionData?.manage === "invalid" ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{t("errors.invalid")}</p>
        </div>
      ) : null}
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">{t("users.inviteTitle")}</h2>
        <ErrorSummary form={form} labels={{ email: t("fields.email"), name: t("fields.name"), roles: t("fields.roles"), locale: t("fields.locale") }} />
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <input type="hidden" name="intent" value="invite" />
          <TextField field={fields.email} label={t("fields.email")} type="email" autoComplete="off" />
          <TextField field={fields.name} label={t("fields.name")} autoComplete="off" />
          <CheckboxGroup field={fields.roles} legend={t("fields.roles")} options={roleOptions} />
          <SelectField field={fields.locale} label={t("fields.locale")} options={[{ value: "da", label: "Dansk" }, { value: "sv", label: "Svenska" }, { value: "nb", label: "Norsk (bokmål)" }]} />
          <button type="submit">{t("users.inviteSubmit")}</button>
        </Form>
      </section>
      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t("users.listTitle")}</h2>
        <ul className="staff-list">
          {staff.map((member) => (
            <li key={member.id} data-user={member.email}>
              <h3>
                {member.name} <span className="muted">({member.email})</span>
              </h3>
              <p>
                {t(`users.status.${member.status}`)}
                {member.locked ? ` · ${t("users.locked")}` : null}
              </p>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="set-roles" />
                <input type="hidden" name="userId" value={member.id} />
                <fieldset>
                  <legend>{t("fields.roles")}</legend>
                  {staffRoles.map((role) => (
                    <span key={role} className="checkbox">
                      <input type="checkbox" id={`roles-${member.id}-${role}`} name="roles" value={role} defaultChecked={member.roles.includes(role)} />
                      <label htmlFor={`roles-${member.id}-${role}`}>{t(`roles.${role}`)}</label>
                    </span>
                  ))}
                </fieldset>
                <button type="submit" className="button--secondary">
                  {t("users.saveRoles")}
                </button>
              </Form>
              {member.locked ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="unlock" />
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" className="button--secondary">
                    {t("users.unlock")}
                  </button>
                </Form>
              ) : null}
              {member.id !== user.id && member.status !== "invited" ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value={member.status === "disabled" ? "enable" : "disable"} />
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" className="button--secondary">
                    {member.status === "disabled" ? t("users.enable") : t("users.disable")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
