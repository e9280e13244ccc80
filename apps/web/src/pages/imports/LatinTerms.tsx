import { Fragment } from 'react';

/**
 * Chinese text that names file formats (.docx, Word, PDF): those terms are marked translate="no",
 * as the console marks usernames and addresses, so that a translator (and the language check)
 * leaves them as they are.
 */
export function LatinTerms({ text }: { text: string }) {
  const parts = text.split(/(\.?[A-Za-z][A-Za-z0-9]*(?: [0-9]{4})?)/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} translate="no">
            {part}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
