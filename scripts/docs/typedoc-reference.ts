import { Application, LogLevel, type ProjectReflection } from 'typedoc';

/** Exports that are documented elsewhere on purpose. Empty: every public export of src/index.ts has a doc comment. */
export const INTENTIONALLY_NOT_DOCUMENTED: readonly string[] = [];

/** What the TypeDoc run found. */
export interface ApiReference {
  /** Exported symbols: name → site-relative page (`api/functions/openDistill.html`). */
  readonly symbols: ReadonlyMap<string, { readonly path: string; readonly kind: string; readonly summary: string }>;
  /** Validation warnings: exports without documentation, links that do not resolve. */
  readonly problems: readonly string[];
}

/**
 * The library reference: TypeDoc over src/index.ts (the public API), written to `<out>/api`, with TypeDoc's own
 * validation: every exported function, class, interface, type alias, variable and enum — and their members — must
 * have a doc comment, and `{@link}`s must resolve. Problems are returned (the build fails on them).
 *
 * Cost: a TypeScript program over src/ (tens of seconds on a busy machine).
 */
export async function buildApiReference(root: string, out: string): Promise<ApiReference> {
  const problems: string[] = [];
  const app = await Application.bootstrapWithPlugins({
    entryPoints: [`${root}/src/index.ts`],
    tsconfig: `${root}/tsconfig.json`,
    out,
    name: 'Distill library API',
    readme: 'none',
    skipErrorChecking: true,
    disableSources: true,
    hideGenerator: true,
    excludePrivate: true,
    excludeInternal: true,
    logLevel: LogLevel.Warn,
    validation: { notExported: false, invalidLink: true, notDocumented: true, rewrittenLink: true, invalidPath: true, unusedMergeModuleWith: true },
    requiredToBeDocumented: ['Function', 'Class', 'Interface', 'TypeAlias', 'Variable', 'Enum', 'Method', 'Property', 'Accessor'],
    intentionallyNotDocumented: [...INTENTIONALLY_NOT_DOCUMENTED],
    highlightLanguages: ['typescript', 'javascript', 'json', 'bash', 'sh', 'python'],
    externalSymbolLinkMappings: { '@types/node': { '*': 'https://nodejs.org/api/' } },
  });
  const original = app.logger.warn.bind(app.logger);
  app.logger.warn = ((message: string, ...rest: unknown[]) => {
    problems.push(String(message));
    return (original as (m: string, ...r: unknown[]) => void)(message, ...rest);
  }) as typeof app.logger.warn;
  const project: ProjectReflection | undefined = await app.convert();
  if (project === undefined) throw new Error('TypeDoc could not convert src/index.ts');
  app.validate(project);
  await app.generateDocs(project, out);
  const symbols = new Map<string, { path: string; kind: string; summary: string }>();
  for (const child of project.children ?? []) {
    const url = child.url;
    if (url === undefined) continue;
    const summary = (child.comment?.summary ?? child.signatures?.[0]?.comment?.summary ?? []).map((p) => p.text).join('');
    symbols.set(child.name, { path: `api/${url}`, kind: String(child.kind), summary });
  }
  return { symbols, problems };
}
