import type { EvidencePackageModel, PackageFile } from "~/domain/reports/evidence-package";


function FilesTable({ files, model }: { files: PackageFile[]; model: EvidencePackageModel }) {
  const h = model.fileHeadings;
  return (
    <table data-package-files="">
      <thead>
        <tr>
          <th scope="col">{h.name}</th>
          <th scope="col">{h.type}</th>
          <th scope="col">{h.size}</th>
          <th scope="col">{h.addedAt}</th>
          <th scope="col">{h.sha256}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file, index) => (
          <tr key={index}>
            <td>{file.name}</td>
            <td>{file.type}</td>
            <td>{file.size}</td>
            <td>{file.addedAt}</td>
            <td className="pkg-hash" data-sha256={file.sha256 ?? ""}>{file.sha256 ?? model.noHash}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The evidence package: facts, the political role as the police need it, every item in the order
 * it happened with its times, addresses and quoted text, every file with its SHA-256, the case's
 * timeline. Plain markup, no links, no scripts: it is printed or saved as one file.
 */
export function EvidencePackage({ model }: { model: EvidencePackageModel }) {
  return (
    <article className="evidence-package" lang={model.lang} data-evidence-package-view="">
      <h1>{model.title}</h1>
      <p>{model.intro}</p>
      <dl>
        {model.facts.map((fact) => (
          <div className="pkg-row" key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      <section className="pkg-role" data-package-role="">
        <h2>{model.role.title}</h2>
        <p><strong>{model.role.statement}</strong></p>
        <p>{model.role.advice}</p>
      </section>
      <h2>{model.description.title}</h2>
      <p className="pkg-text">{model.description.text}</p>
      <h2>{model.itemsTitle}</h2>
      <p data-package-scope="">{model.scope}</p>
      {model.items.map((item) => (
        <section className="pkg-item" key={item.number} data-package-item={item.number}>
          <h3>{item.heading}</h3>
          <dl>
            {item.rows.map((row) => (
              <div className="pkg-row" key={row.label}>
                <dt>{row.label}</dt>
                <dd className={row.kind === "url" ? "pkg-url" : undefined}>{row.kind === "quote" ? <blockquote>{row.value}</blockquote> : row.value}</dd>
              </div>
            ))}
          </dl>
          {item.files.length ? <FilesTable files={item.files} model={model} /> : null}
        </section>
      ))}
      {model.files.length ? (
        <>
          <h2>{model.filesTitle}</h2>
          <FilesTable files={model.files} model={model} />
        </>
      ) : null}
      <h2>{model.timelineTitle}</h2>
      <ol className="pkg-timeline" data-package-timeline="">
        {model.timeline.map((entry, index) => (
          <li key={index}>
            {entry.at} · {entry.text}
          </li>
        ))}
      </ol>
      <p>{model.footer}</p>
    </article>
  );
}
