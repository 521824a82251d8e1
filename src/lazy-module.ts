/**
 * The one way to a module kept out of what a program loads up front (the XML libraries, the span code, the
 * ciphers): a dynamic `import()`, made on the first call and shared by later ones. A failed import (a chunk that
 * could not be fetched) is not remembered, so the next call tries again. Each caller writes its own `import()`
 * literal, which is what lets a bundler split the module into a chunk.
 *
 * @example
 * const loadCiphers = lazyModule(() => import("./encryption/ciphers.js"));
 * const { encryptMessageText } = await loadCiphers();
 */
export function lazyModule<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
