/*
 * bdd.c - reduced, ordered, hash-consed decision diagrams over the bits of
 * the argument words (see bdd.h).
 *
 * Variable v is bit (31 - v % 32) of word v / 32: words in their order, each
 * word's most significant bit first, so that a comparison of a 64-bit value
 * (high word, then low word) is a chain of at most 64 nodes. Nodes live in
 * parallel arrays; a node is found again by an open-addressing unique table,
 * and if-then-else results by a direct-mapped cache.
 */
#include "bdd_internal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static uint64_t node_hash(uint32_t var, uint32_t lo, uint32_t hi)
{
	uint64_t h = (uint64_t)lo * 0x9e3779b97f4a7c15ull ^ (uint64_t)hi * 0xc2b2ae3d27d4eb4full ^ var;
	return h ^ (h >> 32);
}

/* Fills the unique table, of unique_cap slots, with every node in use. */
static void unique_fill(struct bdd *m)
{
	free(m->unique);
	m->unique = xcalloc(m->unique_cap, sizeof *m->unique);
	for (size_t i = 0; i < m->len; i++) {
		const struct node *n = &m->nodes[i];
		if (n->var == FREE_VAR)
			continue;
		uint32_t h = (uint32_t)node_hash(n->var, n->lo, n->hi);
		size_t s = h & (m->unique_cap - 1);
		while (m->unique[s].id)
			s = (s + 1) & (m->unique_cap - 1);
		m->unique[s] = (struct slot){ (uint32_t)i + 1, h };
	}
}

static void unique_grow(struct bdd *m)
{
	/* Four times while small: each growth rehashes every node. */
	m->unique_cap = !m->unique_cap ? 4096 : m->unique_cap * (m->unique_cap < (1u << 20) ? 4 : 2);
	unique_fill(m);
}

/* The node (var, lo, hi), made if new; lo == hi for an inner node is no node. */
bdd_node bdd_mk(struct bdd *m, uint32_t var, uint32_t lo, uint32_t hi)
{
	if (var != LEAF_VAR && lo == hi)
		return lo;
	if ((m->len + 1) * 2 > m->unique_cap)
		unique_grow(m);
	if (m->len > 16 * m->cache_cap && m->cache_cap < CACHE_MAX) {
		/* A cache forgets at will: a bigger one starts empty. One entry
		 * per 16 nodes made stays in the processor's caches on small
		 * problems and saves recomputation on big ones. */
		free(m->cache);
		m->cache_cap *= 4;
		m->cache = xcalloc(m->cache_cap, sizeof *m->cache);
	}
	uint32_t h = (uint32_t)node_hash(var, lo, hi);
	size_t s = h & (m->unique_cap - 1);
	while (m->unique[s].id) {
		if (m->unique[s].hash == h) {
			const struct node *n = &m->nodes[m->unique[s].id - 1];
			if (n->lo == lo && n->hi == hi && n->var == var)
				return m->unique[s].id - 1;
		}
		s = (s + 1) & (m->unique_cap - 1);
	}
	if (m->len - m->nfree >= m->max ||
	    atomic_load_explicit(&m->abandoned, memory_order_relaxed)) {
		m->overflow = true;
		return m->f;
	}
	bdd_node id;
	if (m->free_head) {
		id = m->free_head - 1;
		m->free_head = m->nodes[id].lo;
		m->nfree--;
	} else {
		if (m->len == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 1024;
			m->nodes = xrealloc(m->nodes, m->cap * sizeof *m->nodes);
		}
		id = (bdd_node)m->len++;
	}
	m->nodes[id] = (struct node){ var, lo, hi };
	m->unique[s] = (struct slot){ id + 1, h };
	return id;
}

struct bdd *bdd_new(size_t max_nodes)
{
	struct bdd *m = xcalloc(1, sizeof *m);
	m->max = max_nodes ? max_nodes : DEFAULT_MAX_NODES;
	m->cache_cap = CACHE_MIN;
	m->cache = xcalloc(m->cache_cap, sizeof *m->cache);
	m->max += 2;
	m->collect_at = COLLECT_MIN < m->max - m->max / 8 ? COLLECT_MIN : m->max - m->max / 8;
	m->f = bdd_mk(m, LEAF_VAR, 0, KIND_BOOL);
	m->t = bdd_mk(m, LEAF_VAR, 1, KIND_BOOL);
	/* An empty cache entry must never match: p == 0 is the false leaf,
	 * which bdd_ite() answers before it looks. */
	return m;
}

void bdd_free(struct bdd *m)
{
	if (!m)
		return;
	free(m->nodes);
	free(m->unique);
	free(m->cache);
	bdd_classes_free(m);
	free(m->roots);
	free(m);
}

bool bdd_overflowed(const struct bdd *m)
{
	return m->overflow;
}

void bdd_abandon(struct bdd *m)
{
	atomic_store_explicit(&m->abandoned, true, memory_order_relaxed);
}

size_t bdd_node_count(const struct bdd *m)
{
	return m->len - m->nfree;
}

/* ---- collection -------------------------------------------------------- */

size_t bdd_roots_depth(const struct bdd *m)
{
	return m->nroots;
}

void bdd_root_push(struct bdd *m, bdd_node f)
{
	VEC_RESERVE(m->roots, m->roots_cap, m->nroots + 1);
	m->roots[m->nroots++] = f;
}

void bdd_roots_restore(struct bdd *m, size_t depth)
{
	m->nroots = depth;
}

void bdd_add_marker(struct bdd *m, void (*mark)(struct bdd *m, void *arg), void *arg)
{
	if (m->nmarkers < sizeof m->markers / sizeof *m->markers) {
		m->markers[m->nmarkers].mark = mark;
		m->markers[m->nmarkers++].arg = arg;
	} else {
		m->collect_at = SIZE_MAX;   /* roots it cannot hold: never collect */
	}
}

void bdd_remove_marker(struct bdd *m, void *arg)
{
	for (size_t i = 0; i < m->nmarkers; i++)
		if (m->markers[i].arg == arg) {
			m->markers[i] = m->markers[--m->nmarkers];
			return;
		}
}

/* Marks f and queues it for its children, unless marked already. */
static void mark_push(struct bdd *m, bdd_node f)
{
	if (m->marked[f])
		return;
	m->marked[f] = 1;
	VEC_RESERVE(m->mark_stack, m->mark_cap, m->mark_len + 1);
	m->mark_stack[m->mark_len++] = f;
}

void bdd_mark(struct bdd *m, bdd_node f)
{
	if (!m->marked)
		return;   /* not collecting */
	mark_push(m, f);
	while (m->mark_len) {
		const struct node *n = &m->nodes[m->mark_stack[--m->mark_len]];
		if (n->var == LEAF_VAR)
			continue;
		mark_push(m, n->lo);
		mark_push(m, n->hi);
	}
}

/* Frees every node that no root reaches; ids of the others do not change. */
static void collect(struct bdd *m)
{
	m->marked = xcalloc(m->len, 1);
	bdd_mark(m, m->f);
	bdd_mark(m, m->t);
	for (size_t i = 0; i < m->nroots; i++)
		bdd_mark(m, m->roots[i]);
	for (size_t i = 0; i < m->nmarkers; i++)
		m->markers[i].mark(m, m->markers[i].arg);
	bdd_classes_mark(m);
	m->free_head = 0;
	m->nfree = 0;
	for (size_t i = m->len; i-- > 0;) {
		if (m->marked[i])
			continue;
		m->nodes[i] = (struct node){ FREE_VAR, m->free_head, 0 };
		m->free_head = (uint32_t)i + 1;
		m->nfree++;
	}
	free(m->marked);
	m->marked = NULL;
	free(m->mark_stack);
	m->mark_stack = NULL;
	m->mark_cap = 0;
	unique_fill(m);
	/* What the caches name may be gone, or be another node now. */
	memset(m->cache, 0, m->cache_cap * sizeof *m->cache);
	memset(m->compares, 0, sizeof m->compares);
	memset(m->recent_leaf, 0, sizeof m->recent_leaf);
	m->collections++;
	/* The next one when the live nodes have doubled (or grown by
	 * COLLECT_MIN), at most at 7/8 of the bound; none when that leaves less
	 * than an eighth of the bound to grow into: collections that free
	 * little would otherwise follow one another at every safe point. */
	size_t live = m->len - m->nfree, headroom = m->max - m->max / 8;
	size_t next = live + (live > COLLECT_MIN ? live : COLLECT_MIN);
	if (next > headroom)
		next = headroom;
	m->collect_at = next >= live + m->max / 8 ? next : SIZE_MAX;
}

void bdd_safe_point(struct bdd *m)
{
	if (m->len - m->nfree >= m->collect_at && !m->overflow)
		collect(m);
}

size_t bdd_collections(const struct bdd *m)
{
	return m->collections;
}

/* ---- one function in two managers -------------------------------------- */

struct bdd_match {
	const struct bdd *a, *b;
	uint64_t *seen;           /* f + 1 << 32 | g of pairs that matched; 0 empty */
	size_t len, cap;
};

struct bdd_match *bdd_match_begin(const struct bdd *a, const struct bdd *b)
{
	struct bdd_match *mt = xmalloc(sizeof *mt);
	*mt = (struct bdd_match){ a, b, xcalloc(1024, sizeof *mt->seen), 0, 1024 };
	return mt;
}

/* The slot of f: its pair, or the empty slot where it goes. */
static uint64_t *match_slot(struct bdd_match *mt, bdd_node f)
{
	uint64_t key = (uint64_t)f + 1;
	size_t s = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & (mt->cap - 1);
	while (mt->seen[s] && mt->seen[s] >> 32 != key)
		s = (s + 1) & (mt->cap - 1);
	return &mt->seen[s];
}

static void match_grow(struct bdd_match *mt)
{
	uint64_t *old = mt->seen;
	size_t old_cap = mt->cap;
	mt->cap *= 2;
	mt->seen = xcalloc(mt->cap, sizeof *mt->seen);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			*match_slot(mt, (bdd_node)((old[i] >> 32) - 1)) = old[i];
	free(old);
}

bool bdd_match(struct bdd_match *mt, bdd_node f, bdd_node g)
{
	uint64_t *s = match_slot(mt, f);
	if (*s)   /* f matched one node of b: g must be that one */
		return (bdd_node)*s == g;
	const struct node *x = &mt->a->nodes[f], *y = &mt->b->nodes[g];
	if (x->var != y->var)
		return false;
	if (x->var == LEAF_VAR ? x->lo != y->lo || x->hi != y->hi
	    : !bdd_match(mt, x->lo, y->lo) || !bdd_match(mt, x->hi, y->hi))
		return false;
	if ((mt->len + 1) * 2 > mt->cap)
		match_grow(mt);
	*match_slot(mt, f) = ((uint64_t)f + 1) << 32 | g;
	mt->len++;
	return true;
}

void bdd_match_end(struct bdd_match *mt)
{
	free(mt->seen);
	free(mt);
}

bdd_node bdd_action(struct bdd *m, uint32_t action)
{
	unsigned slot = (action ^ (action >> 16)) % 16;
	if (m->recent_leaf[slot] && m->recent_action[slot] == action)
		return m->recent_leaf[slot];
	bdd_node leaf = bdd_mk(m, LEAF_VAR, action, KIND_ACTION);
	m->recent_action[slot] = action;
	m->recent_leaf[slot] = leaf;   /* never 0: that is the false leaf */
	return leaf;
}

bdd_node bdd_true(const struct bdd *m)
{
	return m->t;
}

bdd_node bdd_false(const struct bdd *m)
{
	return m->f;
}

bool bdd_is_action(const struct bdd *m, bdd_node f, uint32_t *action)
{
	if (m->nodes[f].var != LEAF_VAR || m->nodes[f].hi != KIND_ACTION)
		return false;
	if (action)
		*action = m->nodes[f].lo;
	return true;
}

bdd_node bdd_compare(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
		     enum cmp_op op, uint64_t k)
{
	struct compare_entry key = { .k = k, .n = (uint8_t)npieces, .op = (uint8_t)op, .used = true };
	for (size_t i = 0; i < npieces && i < 2; i++) {
		key.words[i] = pieces[i].word;
		key.masks[i] = pieces[i].mask;
	}
	uint64_t h = k * 0x9e3779b97f4a7c15ull ^ (uint64_t)key.masks[0] << 17 ^ key.masks[1] ^
		     (uint64_t)key.words[0] << 40 ^ (uint64_t)key.words[1] << 48 ^ (uint64_t)op << 56;
	struct compare_entry *e = &m->compares[(h ^ (h >> 29)) % COMPARE_CACHE];
	if (npieces <= 2 && e->used && e->k == k && e->n == key.n && e->op == key.op &&
	    e->words[0] == key.words[0] && e->words[1] == key.words[1] &&
	    e->masks[0] == key.masks[0] && e->masks[1] == key.masks[1])
		return e->result;
	key.result = m->classes_on ? bdd_compare_classes(m, pieces, npieces, op, k)
				   : bdd_compare_bits(m, pieces, npieces, op, k);
	if (npieces <= 2)
		*e = key;
	return key.result;
}

bdd_node bdd_compare_bits(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
			  enum cmp_op op, uint64_t k)
{
	bool on_eq = op == CMP_EQ || op == CMP_LE || op == CMP_GE;
	bool on_lt = op == CMP_NE || op == CMP_LT || op == CMP_LE;
	bool on_gt = op == CMP_NE || op == CMP_GT || op == CMP_GE;
	bdd_node lt = on_lt ? m->t : m->f, gt = on_gt ? m->t : m->f;
	/* From the least significant bit up: `cont` is the result when every
	 * bit above the current one equals k's. */
	bdd_node cont = on_eq ? m->t : m->f;
	unsigned pos = 0;
	for (size_t j = npieces; j-- > 0;) {
		for (unsigned bit = 0; bit < 32; bit++, pos++) {
			bool kb = pos < 64 && ((k >> pos) & 1);
			if (!((pieces[j].mask >> bit) & 1)) {
				if (kb)
					cont = lt;   /* this bit of the value is 0, k's is 1 */
				continue;
			}
			uint32_t v = bdd_var_of(pieces[j].word, bit);
			cont = kb ? bdd_mk(m, v, lt, cont) : bdd_mk(m, v, cont, gt);
		}
	}
	return cont;
}

/* The intervals iv[0..n) within [base, base + 2^(bit+1)), all of which
 * reach into it, on the bits from `bit` down. */
static bdd_node intervals_below(struct bdd *m, uint8_t word, int bit, uint64_t base,
				const uint32_t (*iv)[2], size_t n)
{
	if (n == 0)
		return m->f;
	if (bit < 0)
		return m->t;             /* one value, which an interval reaches */
	uint64_t end = base + (2ull << bit) - 1;
	if (n == 1 && iv[0][0] <= base && iv[0][1] >= end)
		return m->t;
	uint64_t mid = base + (1ull << bit);
	size_t left = 0;             /* iv[0..left) reach below mid */
	while (left < n && iv[left][0] < mid)
		left++;
	size_t right = left;         /* iv[right..n) reach mid or above */
	if (right > 0 && iv[right - 1][1] >= mid)
		right--;
	bdd_node lo = intervals_below(m, word, bit - 1, base, iv, left);
	bdd_node hi = intervals_below(m, word, bit - 1, mid, iv + right, n - right);
	return bdd_mk(m, bdd_var_of(word, (unsigned)bit), lo, hi);
}

bdd_node bdd_intervals_bits(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n)
{
	return intervals_below(m, word, 31, 0, iv, n);
}

bdd_node bdd_intervals(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n)
{
	if (m->classes[word])
		return bdd_intervals_classes(m, word, iv, n);
	return bdd_intervals_bits(m, word, iv, n);
}

static uint32_t top(const struct bdd *m, bdd_node f)
{
	return m->nodes[f].var;
}

static bdd_node cofactor(const struct bdd *m, bdd_node f, uint32_t v, bool hi)
{
	const struct node *n = &m->nodes[f];
	if (n->var != v)
		return f;
	return hi ? n->hi : n->lo;
}

bdd_node bdd_ite(struct bdd *m, bdd_node p, bdd_node f, bdd_node g)
{
	if (p == m->t)
		return f;
	if (p == m->f)
		return g;
	if (f == g)
		return f;
	if (f == m->t && g == m->f)
		return p;
	uint64_t h = node_hash(p, f, g);
	struct ite_entry *e = &m->cache[(size_t)h & (m->cache_cap - 1)];
	if (e->p == p && e->f == f && e->g == g)
		return e->r;
	/* The branches on the top variable, read before the recursion can
	 * move the nodes. */
	const struct node np = m->nodes[p], nf = m->nodes[f], ng = m->nodes[g];
	uint32_t v = np.var < nf.var ? np.var : nf.var;
	if (ng.var < v)
		v = ng.var;
	bdd_node p1 = np.var == v ? np.hi : p, f1 = nf.var == v ? nf.hi : f,
		 g1 = ng.var == v ? ng.hi : g;
	bdd_node r0 = bdd_ite(m, np.var == v ? np.lo : p, nf.var == v ? nf.lo : f,
			      ng.var == v ? ng.lo : g);
	bdd_node r1 = bdd_ite(m, p1, f1, g1);
	bdd_node r = bdd_mk(m, v, r0, r1);
	m->cache[(size_t)h & (m->cache_cap - 1)] = (struct ite_entry){ p, f, g, r };
	return r;
}

bdd_node bdd_and(struct bdd *m, bdd_node p, bdd_node q)
{
	return bdd_ite(m, p, q, m->f);
}

bdd_node bdd_not(struct bdd *m, bdd_node p)
{
	return bdd_ite(m, p, m->f, m->t);
}

static bool word_bit(const uint32_t words[BDD_WORDS], uint32_t v)
{
	return (words[bdd_word_of(v)] >> (31 - v % 32)) & 1;
}

uint32_t bdd_eval(const struct bdd *m, bdd_node f, const uint32_t words[BDD_WORDS])
{
	while (m->nodes[f].var != LEAF_VAR)
		f = word_bit(words, m->nodes[f].var) ? m->nodes[f].hi : m->nodes[f].lo;
	return m->nodes[f].lo;
}

static void set_bit(uint32_t words[BDD_WORDS], uint32_t v, bool one)
{
	uint32_t bit = 1u << (31 - v % 32);
	uint8_t w = bdd_word_of(v);
	words[w] = one ? (words[w] | bit) : (words[w] & ~bit);
}

bool bdd_witness(const struct bdd *m, bdd_node f, bdd_node g, uint32_t words[BDD_WORDS])
{
	if (f == g)
		return false;
	uint32_t w[BDD_WORDS] = { 0 };
	/* Diagrams are canonical: a pair of different ids differs somewhere
	 * below, so one branch with different cofactors always leads to a
	 * difference, and the walk never backtracks. */
	while (m->nodes[f].var != LEAF_VAR || m->nodes[g].var != LEAF_VAR) {
		uint32_t v = top(m, f) < top(m, g) ? top(m, f) : top(m, g);
		bdd_node f0 = cofactor(m, f, v, false), g0 = cofactor(m, g, v, false);
		bool one = f0 == g0;
		set_bit(w, v, one);
		f = one ? cofactor(m, f, v, true) : f0;
		g = one ? cofactor(m, g, v, true) : g0;
	}
	memcpy(words, w, sizeof w);
	return true;
}

unsigned bdd_top_var(const struct bdd *m, bdd_node f)
{
	return m->nodes[f].var == LEAF_VAR ? NVARS : m->nodes[f].var;
}

bdd_node bdd_branch(const struct bdd *m, bdd_node f, bool one)
{
	const struct node *n = &m->nodes[f];
	if (n->var == LEAF_VAR)
		return f;
	return one ? n->hi : n->lo;
}

struct cube_walk {
	const struct bdd *m;
	struct bdd_cube cube;
	size_t count, max;
	bool (*each)(const struct bdd_cube *, uint32_t, uint32_t, void *);
	void *arg;
	bool stop;
};

static void diff_walk(struct cube_walk *w, bdd_node f, bdd_node g)
{
	const struct bdd *m = w->m;
	if (f == g || w->stop)
		return;
	if (m->nodes[f].var == LEAF_VAR && m->nodes[g].var == LEAF_VAR) {
		if (w->count++ >= w->max || !w->each(&w->cube, m->nodes[f].lo, m->nodes[g].lo, w->arg))
			w->stop = true;
		return;
	}
	uint32_t v = top(m, f) < top(m, g) ? top(m, f) : top(m, g);
	uint32_t bit = 1u << (31 - v % 32);
	w->cube.care[bdd_word_of(v)] |= bit;
	for (int one = 0; one < 2; one++) {
		set_bit(w->cube.value, v, one);
		diff_walk(w, cofactor(m, f, v, one), cofactor(m, g, v, one));
	}
	w->cube.care[bdd_word_of(v)] &= ~bit;
	set_bit(w->cube.value, v, false);
}

size_t bdd_diff_cubes(const struct bdd *m, bdd_node f, bdd_node g, size_t max,
		      bool (*each)(const struct bdd_cube *cube, uint32_t f_leaf,
				   uint32_t g_leaf, void *arg),
		      void *arg)
{
	struct cube_walk w = { .m = m, .max = max, .each = each, .arg = arg };
	diff_walk(&w, f, g);
	return w.count;
}
