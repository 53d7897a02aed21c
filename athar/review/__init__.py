"""Human review of linkage: the queue of uncertain pairs, verdicts, merges and splits.

``queue.review_queue`` offers the pairs whose answer would change the most; ``decide`` records a
verdict (accept / reject / unsure), a merge or a split as decisions, applies it to the persons at
once, and undoes it. Every later ``athar link`` honours the decisions.
"""
