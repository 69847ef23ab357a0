import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface WaitingPerson {
  userId: string;
  name: string;
  email: string;
  hasKeyPair: boolean;
  since: string;
  keyChanged: boolean;
}

/**
 * The officers of a unit waiting for its key: who asks, since when, whether their key pair
 * changed (a reset without the recovery key), and a button for a colleague who holds the key.
 */
export function WaitingForAccess({ unitId, unitName, waiting, canGrant }: { unitId: string; unitName: string; waiting: WaitingPerson[]; canGrant: boolean }) {
  const { t } = useTranslation("staff");
  if (waiting.length === 0) return null;
  return (
    <section className="notice" aria-labelledby={`waiting-${unitId}`} data-waiting-for-access={unitId}>
      <h2 id={`waiting-${unitId}`}>{t("keys.waitingTitle", { unit: unitName })}</h2>
      <ul className="officer-list">
        {waiting.map((person) => (
          <li key={person.userId} data-waiting={person.email}>
            <p>
              <strong>{person.name}</strong> ({person.email}) · {t("keys.waitingSince", { since: person.since })}
              {person.keyChanged ? ` · ${t("keys.keyChanged")}` : ""}
              {!person.hasKeyPair ? ` · ${t("keys.noKeyPairYet")}` : ""}
            </p>
            {canGrant && person.hasKeyPair ? (
              <Form method="post">
                <input type="hidden" name="intent" value="grant-access" />
                <input type="hidden" name="unitId" value={unitId} />
                <input type="hidden" name="userId" value={person.userId} />
                <button type="submit" data-grant={person.email}>
                  {t("keys.grant", { name: person.name })}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canGrant ? <p className="field-hint">{t("keys.grantHint")}</p> : <p className="field-hint">{t("keys.cannotGrant")}</p>}
    </section>
  );
}
