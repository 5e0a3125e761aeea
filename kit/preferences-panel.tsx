import { useId } from "react";
import { usePreferences, type HeraldChannel } from "./use-preferences";

export type PreferencesPanelProps = {
  /** The channels shown as columns, in order. */
  channels?: HeraldChannel[];
  title?: string;
  className?: string;
};

const channelNames: Record<HeraldChannel, string> = { in_app: "In-app", email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" };

/** The user's type × channel switches; critical types are shown on and cannot be switched off. */
export function PreferencesPanel({ channels = ["in_app", "email", "sms", "push"], title = "Notification preferences", className = "" }: PreferencesPanelProps) {
  const { preferences, loading, saving, error, update, reload } = usePreferences();
  const id = useId();
  return (
    <section className={`herald-kit herald-surface herald-prefs ${className}`} aria-labelledby={`${id}-title`} aria-busy={saving}>
      <h2 id={`${id}-title`} style={{ margin: "0 0 8px", fontSize: 15 }}>
        {title}
      </h2>
      {loading && !preferences ? (
        <p className="herald-state" role="status">
          Loading preferences…
        </p>
      ) : !preferences ? (
        <div className="herald-state" role="alert">
          <p className="herald-error">Preferences could not be loaded{error ? `: ${error.message}` : ""}</p>
          <button type="button" className="herald-button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      ) : preferences.types.length === 0 ? (
        <p className="herald-state">There are no notification types yet.</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col" style={{ textAlign: "left" }}>
                  Type
                </th>
                {channels.map((c) => (
                  <th key={c} scope="col">
                    {channelNames[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preferences.types.map((type) => (
                <tr key={type.key}>
                  <th scope="row">
                    {type.name}
                    {type.critical && <span className="herald-muted"> (always on)</span>}
                  </th>
                  {channels.map((c) => (
                    <td key={c}>
                      <input
                        type="checkbox"
                        aria-label={`${type.name}: ${channelNames[c]}`}
                        checked={type.channels[c]}
                        disabled={type.critical}
                        onChange={(event) => void update(type.key, c, event.target.checked).catch(() => {})}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="herald-muted" role="status" aria-live="polite" style={{ minHeight: "1.4em", margin: "8px 0 0" }}>
            {saving ? "Saving…" : error ? <span className="herald-error">Not saved: {error.message}</span> : ""}
          </p>
        </>
      )}
    </section>
  );
}
