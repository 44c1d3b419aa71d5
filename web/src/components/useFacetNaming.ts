// Breakdowns name a program's "question:<code>" facets by the question's text:
// this loads the program's vocabulary once (quietly: without it the codes show).
import { api } from '../api/client';
import type { Vocabulary } from '../api/types';
import { useResource } from './ui';
import { facetNaming } from '../lib/vocabulary';

export function useFacetNaming(programId: number | null | undefined) {
  const vocabulary = useResource(
    (signal) => (programId ? api.get<Vocabulary>(`/programs/${programId}/vocabulary`, { signal }).catch(() => null) : Promise.resolve(null)),
    [programId],
  );
  return facetNaming(vocabulary.data?.questions);
}
