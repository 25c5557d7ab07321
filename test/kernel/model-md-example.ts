/** The scenario of MODEL.md section 6, exactly as written there (it must load as is). */
export const MODEL_MD_EXAMPLE = {
  name: 'victim-behind-imutex',
  title: 'OOM victim sleeps on an i_mutex held by the allocating task',
  zone: { managed: 8, watermarks: { oom: 1, min: 2, low: 3, high: 4 }, clean: 0, dirty: 0, reclaimBatch: 1 },
  kthreads: [],
  tasks: [
    {
      name: 'A',
      rss: 2,
      holds: ['i_mutex'],
      program: [
        { op: 'alloc', order: 0, gfp: 'GFP_NOFS' },
        { op: 'unlock', lock: 'i_mutex' },
      ],
    },
    {
      name: 'V',
      rss: 5,
      program: [
        { op: 'lock', lock: 'i_mutex' },
        { op: 'unlock', lock: 'i_mutex' },
      ],
    },
  ],
};
