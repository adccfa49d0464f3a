/*
 * lex.c: read a batch script the way sbatch 22.05 does.
 *
 * Mirrors, in src/sbatch/: sbatch.c:_get_script_buffer() (acceptance
 * checks), opt.c:_opt_batch_script() (directive scanning), opt.c:
 * get_argument() (tokenising), opt.c:_set_options() with the "+" option
 * string of slurm_option_table_create() (getopt_long in POSIX mode), and
 * xlate.c:xlate_batch_script() (#PBS/#BSUB).  See slurm-semantics.md §1, §7.
 *
 * Unlike sbatch, which stops at the first fatal problem, the reader keeps
 * going so a user sees every problem at once; each problem becomes a
 * finding with the slug the parser issue fixes.
 */
#include <ctype.h>
#include <string.h>

#include "lex.h"
#include "value.h"

#define MAGIC_SBATCH	"#SBATCH"
#define MAGIC_SLURM	"#SLURM"
#define PBS_MAX_NONCOMMENT	100	/* xlate_batch_script() gives up after this */

static int	lex_checks(struct jl_arena *, struct jl_script *,
		    struct jl_findings *);
static int	lex_tokens(struct jl_arena *, struct jl_script *,
		    struct jl_directive *, size_t, const char *, const char *,
		    unsigned, struct jl_findings *, struct jl_buf *);
static int	lex_near_miss(const char *, const char *);
static int	is_hetword(const char *, const char *, size_t *);

static int
lex_isspace(int c)
{
	return isspace((unsigned char)c);
}

/*
 * _get_script_buffer(): each failed check is a finding; reading goes on.
 */
static int
lex_checks(struct jl_arena *a, struct jl_script *s, struct jl_findings *fs)
{
	const struct jl_src	*src = &s->src;
	const char		*d = src->data, *p;
	struct jl_loc		 loc = { 0, 0 };
	size_t			 i;

	if (src->len == 0) {
		s->empty = 1;
		jl_report(a, fs, "empty-script", JL_SEV_ERROR, src, loc,
		    "write a script that starts with #!/bin/bash",
		    "the script is empty; sbatch rejects it "
		    "(\"Batch script is empty!\")");
		return 0;
	}
	for (i = 0; i < src->len && lex_isspace(d[i]); i++)
		;
	if (i == src->len) {
		s->whitespace_only = 1;
		loc.len = src->len;
		jl_report(a, fs, "empty-script", JL_SEV_ERROR, src, loc,
		    "write a script that starts with #!/bin/bash",
		    "the script contains only whitespace; sbatch rejects it");
		return 0;
	}
	if (src->len < 2 || d[0] != '#' || d[1] != '!') {
		s->no_shebang = 1;
		loc.len = src->len < 2 ? src->len : 2;
		/*
		 * A BOM is one mistake: report it once, and read the rest
		 * as sbatch would once it is removed (jl_script_read()
		 * skips it), so the directives after it are not "late".
		 */
		if (src->len >= 3 && (unsigned char)d[0] == 0xef &&
		    (unsigned char)d[1] == 0xbb && (unsigned char)d[2] == 0xbf) {
			s->bom = 1;
			loc.len = 3;
			if (src->len >= 5 && d[3] == '#' && d[4] == '!')
				jl_report(a, fs, "missing-shebang",
				    JL_SEV_ERROR, src, loc,
				    "save the file as UTF-8 without a BOM",
				    "the script starts with a UTF-8 byte-order "
				    "mark, so its first bytes are not \"#!\"; "
				    "sbatch rejects it");
			else
				jl_report(a, fs, "missing-shebang",
				    JL_SEV_ERROR, src, loc,
				    "save the file as UTF-8 without a BOM and "
				    "make the first line #!/bin/bash",
				    "the script starts with a UTF-8 byte-order "
				    "mark and no #! line follows it; sbatch "
				    "rejects it (\"This does not look like a "
				    "batch script\")");
		} else if (lex_isspace(d[0]))
			jl_report(a, fs, "missing-shebang", JL_SEV_ERROR, src,
			    loc, "remove the blank space before #!",
			    "the script starts with whitespace, so its first "
			    "bytes are not \"#!\"; sbatch rejects it");
		else
			jl_report(a, fs, "missing-shebang", JL_SEV_ERROR, src,
			    loc, "make the first line #!/bin/bash",
			    "the first line is not a #! line; sbatch rejects "
			    "the script (\"This does not look like a batch "
			    "script\")");
	}
	/* memchr, not a byte loop: this pass was 4% of linting (bench/). */
	if ((p = memchr(d, '\0', src->len)) != NULL) {
		s->has_nul = 1;
		s->nul_off = (size_t)(p - d);
	}
	for (i = 0; i < src->len && (p = memchr(d + i, '\r',
	    src->len - i)) != NULL; i = (size_t)(p - d) + 1) {
		if ((size_t)(p - d) + 1 < src->len && p[1] == '\n') {
			if (!s->has_crlf)
				s->crlf_off = (size_t)(p - d);
			s->has_crlf = 1;
			s->ncrlf++;
		}
	}
	if (s->has_nul) {
		loc.off = s->nul_off;
		loc.len = 1;
		jl_report(a, fs, "nul-byte", JL_SEV_ERROR, src, loc,
		    "remove the NUL bytes (is this a binary file?)",
		    "the script contains a NUL byte; slurmctld does not "
		    "accept scripts with NUL characters");
	}
	if (s->has_crlf) {
		loc.off = s->crlf_off;
		loc.len = 2;
		jl_report(a, fs, "crlf-line-endings", JL_SEV_ERROR, src, loc,
		    "convert to Unix line endings: dos2unix FILE "
		    "(or sed -i 's/\\r$//' FILE)",
		    "the script has DOS line endings (\\r\\n) on %zu line%s; "
		    "sbatch rejects it", s->ncrlf, s->ncrlf == 1 ? "" : "s");
	}
	return 0;
}

/*
 * A word "hetjob" or "packjob" (any case) at p followed by whitespace or
 * the end of the line, as get_argument() checks.
 */
/* A line get_argument() reads: a directive, or "#SBATCHX ..." (the
 * glued word first). */
static int
is_read(const struct jl_directive *dir)
{
	return dir->kind == JL_LINE_DIRECTIVE ||
	    dir->kind == JL_LINE_MALFORMED;
}

static int
is_hetword(const char *p, const char *end, size_t *wlen)
{
	static const char	*words[] = { "hetjob", "packjob" };
	size_t			 i, n;

	for (i = 0; i < JL_NITEMS(words); i++) {
		n = strlen(words[i]);
		if ((size_t)(end - p) >= n && strncasecmp(p, words[i], n) == 0 &&
		    (p + n == end || lex_isspace(p[n]))) {
			*wlen = n;
			return 1;
		}
	}
	return 0;
}

/*
 * get_argument(), applied until the line ends.  22.05/23.x: a backslash
 * takes the next character literally, inside or outside quotes, except
 * that "\ " outside quotes ends the argument (the end test runs before the
 * escape).  24.05+: "\ " is a literal space (any other blank after a
 * backslash still ends the argument).  An unquoted '#' ends the
 * line.  A leading ':' or an unmatched quote is fatal in sbatch.
 * Returns 1 if the line starts a new het component.
 */
static int
lex_tokens(struct jl_arena *a, struct jl_script *s, struct jl_directive *dir,
    size_t dirno, const char *p, const char *end, unsigned version,
    struct jl_findings *fs, struct jl_buf *b)
{
	const char	*base = s->src.data;
	const char	*start, *q;
	struct jl_token	*t, *toks[4];
	struct jl_loc	 loc;
	char		*text;
	size_t		 wlen, i;
	int		 quote, esc, hash, hetsep = 0, ntok = 0;
	char		 qc = 0;

	for (;;) {
		while (p < end && lex_isspace(*p))
			p++;
		if (p >= end)
			break;
		/*
		 * get_argument() blanks a hetjob/packjob word and then
		 * returns NULL, so the rest of the line is never read: the
		 * word ends the line, wherever it is.
		 */
		if (is_hetword(p, end, &wlen)) {
			const char	*rest;

			if (ntok == 0 && is_read(dir))
				hetsep = 1;
			else if (is_read(dir)) {
				loc.off = (size_t)(p - base);
				loc.len = wlen;
				jl_report(a, fs, "directive-no-effect",
				    JL_SEV_WARNING, &s->src, loc,
				    "put it on a #SBATCH line of its own",
				    "\"%.*s\" has no effect here: sbatch only "
				    "starts a new het job component when it is "
				    "the first word of a #SBATCH line, and it "
				    "ignores the rest of this line", (int)wlen, p);
			}
			for (rest = p + wlen; rest < end && lex_isspace(*rest);
			    rest++)
				;
			if (rest < end && *rest != '#' &&
			    is_read(dir)) {
				loc.off = (size_t)(rest - base);
				loc.len = (size_t)(end - rest);
				jl_report(a, fs, "directive-no-effect",
				    JL_SEV_WARNING, &s->src, loc,
				    "put these options on the next #SBATCH line",
				    "sbatch ignores everything after \"%.*s\" on "
				    "a #SBATCH line", (int)wlen, p);
			}
			break;
		}
		if (*p == ':' && is_read(dir)) {
			loc.off = (size_t)(p - base);
			loc.len = 1;
			dir->bad = 1;
			jl_report(a, fs, "malformed-directive", JL_SEV_ERROR,
			    &s->src, loc,
			    "separate het job components with a line "
			    "\"#SBATCH hetjob\"",
			    "unexpected ':' in a #SBATCH line; sbatch stops "
			    "with a fatal error");
			break;
		}
		start = p;
		b->len = 0;
		if (b->data != NULL)
			b->data[0] = '\0';
		quote = esc = hash = 0;
		while (p < end) {
			char c = *p;

			if (esc) {
				/* 24.05+ takes only a space: "\<tab>" ends
				 * the argument there too (get_argument()). */
				if (!quote && lex_isspace(c) &&
				    (version < 2405 || c != ' '))
					break;
				jl_buf_putc(b, c);
				esc = 0;
				p++;
				continue;
			}
			if (!quote && lex_isspace(c))
				break;
			if (!quote && c != '\\' && c != '"' && c != '\'' &&
			    c != '#') {
				/* A run of bytes that stand for themselves,
				 * at once (bench/). */
				for (q = p + 1; q < end && !lex_isspace(*q) &&
				    *q != '\\' && *q != '"' && *q != '\'' &&
				    *q != '#'; q++)
					;
				jl_buf_add(b, p, (size_t)(q - p));
				p = q;
				continue;
			}
			if (c == '\\') {
				esc = 1;
				p++;
				continue;
			}
			if (quote) {
				if (c == qc)
					quote = 0;
				else
					jl_buf_putc(b, c);
				p++;
				continue;
			}
			if (c == '"' || c == '\'') {
				quote = 1;
				qc = c;
				p++;
				continue;
			}
			if (c == '#') {
				hash = 1;
				break;
			}
			jl_buf_putc(b, c);
			p++;
		}
		if (quote) {
			loc.off = (size_t)(start - base);
			loc.len = (size_t)(end - start);
			dir->bad = 1;
			/* sbatch never splits a #SBATCH line after the
			 * first command into words: a late line has no
			 * fatal error (#PBS lines it reads there too). */
			if (dir->kind == JL_LINE_LATE)
				break;
			jl_report(a, fs, "unmatched-quote", JL_SEV_ERROR,
			    &s->src, loc, "close the quote on the same line",
			    "unmatched %c in a directive; sbatch stops with a "
			    "fatal error", qc);
			break;
		}
		/*
		 * An argument made only of quotes ("" or '') is no argument
		 * at all to get_argument(): it returns NULL and the rest of
		 * the line is never read.
		 */
		if (p > start && b->len == 0 && !hash) {
			const char	*rest;

			for (rest = p; rest < end && lex_isspace(*rest); rest++)
				;
			if (rest < end && *rest != '#' &&
			    is_read(dir)) {
				/* "" or '', or a lone backslash before a
				 * blank that ends the word */
				int	bs = *start == '\\';

				loc.off = (size_t)(start - base);
				loc.len = (size_t)(end - start);
				jl_report(a, fs, "directive-no-effect",
				    JL_SEV_WARNING, &s->src, loc,
				    bs ? "remove the backslash" :
				    "remove the empty quotes",
				    "%s ends the #SBATCH line for sbatch: the "
				    "options after it are ignored", bs ?
				    "a lone backslash before a blank" :
				    "an empty quoted word");
			}
			break;
		}
		if (p > start) {
			if (s->opts.n + ntok >= JL_MAX_DIRECTIVE_TOKENS)
				break;
			/* The token and its text in one block. */
			if ((t = jl_arena_alloc_raw(a, sizeof(*t) + b->len +
			    1)) == NULL)
				break;
			text = (char *)(t + 1);
			if (b->len > 0)
				memcpy(text, b->data, b->len);
			text[b->len] = '\0';
			t->text = text;
			t->loc.off = (size_t)(start - base);
			t->loc.len = (size_t)(p - start);
			t->dir = dirno;
			/* Most lines have one or two: no vector until a
			 * line has more than toks holds. */
			if (ntok < (int)JL_NITEMS(toks))
				toks[ntok] = t;
			else {
				if (ntok == (int)JL_NITEMS(toks))
					for (i = 0; i < JL_NITEMS(toks); i++)
						jl_vec_push(a, &dir->tokens,
						    toks[i]);
				jl_vec_push(a, &dir->tokens, t);
			}
			ntok++;
		}
		if (hash)
			break;
		if (esc && p < end)	/* 22.05 "\ ": the space ends it */
			p++;
	}
	if (ntok > 0 && ntok <= (int)JL_NITEMS(toks) &&
	    (dir->tokens.items = jl_arena_alloc_raw(a, (size_t)ntok *
	    sizeof(void *))) != NULL) {
		memcpy(dir->tokens.items, toks, (size_t)ntok * sizeof(void *));
		dir->tokens.n = dir->tokens.cap = (size_t)ntok;
	}
	return hetsep;
}

/*
 * A comment line that was probably meant as a directive: "# SBATCH -N 2",
 * "#sbatch --time=5", "   #SBATCH ...".  Requires an option-looking word
 * after the magic so prose comments stay quiet.  "##SBATCH", "# #SBATCH"
 * or "## SBATCH" (two or more '#' before SBATCH in capitals, indented or
 * not) is the usual way to switch a directive off on purpose: not a near
 * miss; nor "# sbatch --array=1-10 job.sh", a comment saying how to
 * submit the script (a word that is not an option).
 */
/* Does the n bytes at w end with suffix? */
static int
lex_ends(const char *w, size_t n, const char *suffix)
{
	size_t	k = strlen(suffix);

	return n > k && memcmp(w + n - k, suffix, k) == 0;
}

static int
lex_near_miss(const char *p, const char *end)
{
	const char	*w;
	size_t		 n;
	int		 hashes = 0, spaced, lower;

	while (p < end && lex_isspace(*p))
		p++;
	if (p >= end || *p != '#')
		return 0;
	for (; p < end && (*p == '#' || lex_isspace(*p)); p++)
		hashes += *p == '#';
	spaced = lex_isspace(p[-1]);
	if ((size_t)(end - p) < 6 || strncasecmp(p, "sbatch", 6) != 0)
		return 0;
	/* ##SBATCH, # #SBATCH, ## SBATCH: switched off on purpose. */
	if (hashes >= 2 && strncmp(p, "SBATCH", 6) == 0)
		return 0;
	lower = strncmp(p, "sbatch", 6) == 0;
	p += 6;
	if (p < end && !lex_isspace(*p) && *p != '-')
		return 0;
	while (p < end && lex_isspace(*p))
		p++;
	if (p >= end || *p != '-')
		return 0;
	/* "# sbatch --array=1-10 job.sh in.txt": how to submit it, not a
	 * directive: a word names the script (.sh, .slurm, .sbatch, .job,
	 * or a path). */
	if (lower && spaced)
		for (w = p; w < end; ) {
			for (n = 0; w + n < end && !lex_isspace(w[n]); n++)
				continue;
			if (*w != '-' && (memchr(w, '/', n) != NULL ||
			    lex_ends(w, n, ".sh") || lex_ends(w, n, ".slurm") ||
			    lex_ends(w, n, ".sbatch") || lex_ends(w, n, ".job")))
				return 0;
			for (w += n; w < end && lex_isspace(*w); w++)
				continue;
		}
	return 1;
}

static struct jl_directive *
dir_new(struct jl_arena *a, struct jl_script *s, size_t off, size_t len,
    unsigned line, enum jl_line_kind kind, const char *magic, int comp)
{
	struct jl_directive	*d;

	if ((d = jl_arena_alloc(a, sizeof(*d))) == NULL)
		return NULL;
	d->loc.off = off;
	d->loc.len = len;
	d->line = line;
	d->kind = kind;
	d->magic = magic;
	d->component = comp;
	if (jl_vec_push(a, &s->lines_dir, d) != 0)
		return NULL;
	return d;
}

/*
 * Findings about lines sbatch reads differently from what they look like.
 */
static void
lex_report_lines(struct jl_arena *a, struct jl_script *s,
    struct jl_findings *fs)
{
	struct jl_directive	*d;
	struct jl_loc		 loc;
	size_t			 i, n;
	int			 slurm_warned = 0;

	for (i = 0; i < s->lines_dir.n; i++) {
		d = s->lines_dir.items[i];
		switch (d->kind) {
		case JL_LINE_NEAR_MISS:
			loc = d->loc;
			for (n = 0; n < loc.len &&
			    lex_isspace(s->src.data[loc.off + n]); n++)
				;
			loc.off += n;
			loc.len -= n;
			jl_report(a, fs, "malformed-directive", JL_SEV_WARNING,
			    &s->src, loc,
			    "write #SBATCH at the very start of the line, in "
			    "capitals, with one # (or ##SBATCH to switch it "
			    "off on purpose)",
			    "\"%s\" is a plain comment to sbatch, so its options "
			    "are silently ignored", jl_quote(a, s->src.data +
			    loc.off, loc.len, 40));
			break;
		case JL_LINE_DIRECTIVE:
			if (strcmp(d->magic, MAGIC_SLURM) == 0 && !slurm_warned) {
				slurm_warned = 1;
				loc = d->loc;
				loc.len = 6;
				jl_report(a, fs, "malformed-directive",
				    JL_SEV_WARNING, &s->src, loc,
				    "write #SBATCH instead of #SLURM",
				    "#SLURM is a deprecated spelling of #SBATCH; "
				    "sbatch still reads it but warns");
			}
			break;
		default:
			break;
		}
	}
}

/*
 * The #SBATCH lines after the first command, which sbatch ignores.  Called
 * by the model builder once the body reader has marked the lines that are
 * here-document data (JL_LINE_BODY): those are not directives at all.
 */
void
jl_script_report_late(struct jl_arena *a, const struct jl_script *s,
    struct jl_findings *fs)
{
	const struct jl_directive	*d;
	const char			*cmd, *fix = NULL;
	size_t				 i;

	cmd = s->has_command ? jl_quote(a, s->src.data + s->first_command.off,
	    s->first_command.len, 40) : "";
	for (i = 0; i < s->lines_dir.n; i++) {
		d = s->lines_dir.items[i];
		if (d->kind != JL_LINE_LATE)
			continue;
		/* The same for every line: made once (bench/). */
		if (fix == NULL)
			fix = jl_arena_printf(a, "move it above line %u",
			    s->first_command_line);
		jl_report(a, fs, "late-directive", JL_SEV_WARNING,
		    &s->src, d->loc, fix,
		    "this %s line is ignored: sbatch stops reading "
		    "directives at the first command, \"%s\" on line %u",
		    d->magic, cmd, s->first_command_line);
	}
}

/* jl_script_read() with tb, the text of a directive token being read
 * (one buffer for every line). */
static int
script_read(struct jl_arena *a, struct jl_script *s, const char *name,
    const char *data, size_t len, unsigned version, struct jl_findings *fs,
    struct jl_buf *tb)
{
	struct jl_directive	*d;
	struct jl_argv		 av;
	struct jl_token		*t;
	const char		*p, *end, *q, *magic;
	size_t			 off, llen, i, j, k, ntok;
	unsigned		 line;
	int			 comp = 0, scanning = 1, noncomment = 0;
	int			 pbs_window = 1;

	memset(s, 0, sizeof(*s));
	if (jl_src_init(&s->src, a, name, data, len) != 0)
		return -1;
	lex_checks(a, s, fs);
	s->ncomponents = 1;
	for (line = 1; line <= s->src.nlines; line++) {
		if (jl_src_line(&s->src, line, &off, &llen) != 0)
			break;
		p = data + off;
		end = p + llen;
		/* A CRLF script is rejected anyway; read it as if LF. */
		if (end > p && end[-1] == '\r')
			end--;
		/* So is one with a BOM (lex_checks()): read it without. */
		if (line == 1 && s->bom && end - p >= 3) {
			p += 3;
			off += 3;
		}
		llen = (size_t)(end - p);
		/* *p == '#' first: most lines are commands (bench/). */
		if (pbs_window && (size_t)(end - p) >= 4 && *p == '#' &&
		    (strncmp(p, "#PBS", 4) == 0 ||
		    ((size_t)(end - p) >= 5 && strncmp(p, "#BSUB", 5) == 0))) {
			magic = p[1] == 'P' ? "#PBS" : "#BSUB";
			d = dir_new(a, s, off, llen, line, JL_LINE_PBS, magic,
			    comp);
			if (d == NULL)
				return -1;
			lex_tokens(a, s, d, s->lines_dir.n - 1,
			    p + strlen(magic), end, version, fs, tb);
			s->has_pbs = 1;
			continue;
		}
		if (pbs_window && (p == end || *p != '#') &&
		    ++noncomment > PBS_MAX_NONCOMMENT)
			pbs_window = 0;
		magic = NULL;
		if (p == end || *p != '#')
			;
		else if ((size_t)(end - p) >= 7 &&
		    strncmp(p, MAGIC_SBATCH, 7) == 0)
			magic = MAGIC_SBATCH;
		else if ((size_t)(end - p) >= 6 &&
		    strncmp(p, MAGIC_SLURM, 6) == 0)
			magic = MAGIC_SLURM;
		if (magic != NULL) {
			enum jl_line_kind kind = JL_LINE_DIRECTIVE;
			size_t		  wl;

			q = p + strlen(magic);
			if (!scanning)
				kind = JL_LINE_LATE;
			else if (q < end && (isalnum((unsigned char)*q) ||
			    *q == '_' || *q == '=') && !is_hetword(q, end,
			    &wl))
				kind = JL_LINE_MALFORMED;	/* "#SBATCHhetjob"
				 * is a separator to _opt_batch_script() */
			d = dir_new(a, s, off, llen, line, kind, magic, comp);
			if (d == NULL)
				return -1;
			/* "#SBATCHX ...": sbatch tokenises the rest, "X"
			 * first, and getopt reads it with the others */
			if (lex_tokens(a, s, d, s->lines_dir.n - 1, q, end,
			    version, fs, tb) && kind == JL_LINE_DIRECTIVE) {
				d->hetsep = 1;
				d->component = ++comp;
				s->ncomponents = comp + 1;
			}
			continue;
		}
		if (!scanning)
			continue;
		for (q = p; q < end && lex_isspace(*q); q++)
			;
		if (q == end)
			continue;			/* blank */
		if (*q == '#') {
			if (lex_near_miss(p, end)) {
				d = dir_new(a, s, off, llen, line,
				    JL_LINE_NEAR_MISS, NULL, comp);
				if (d == NULL)
					return -1;
			}
			continue;			/* comment, shebang */
		}
		scanning = 0;
		s->has_command = 1;
		s->first_command.off = off;
		s->first_command.len = llen;
		s->first_command_line = line;
	}

	lex_report_lines(a, s, fs);

	/* One argv per component, parsed once (_opt_batch_script()). */
	for (k = 0; k < (size_t)s->ncomponents; k++) {
		ntok = 0;
		for (i = 0; i < s->lines_dir.n; i++) {
			d = s->lines_dir.items[i];
			if ((d->kind == JL_LINE_DIRECTIVE ||
			    d->kind == JL_LINE_MALFORMED) &&
			    d->component == (int)k && !d->bad)
				ntok += d->tokens.n;
		}
		av.n = 0;
		av.words = jl_arena_alloc(a, (ntok + 1) * sizeof(char *));
		av.locs = jl_arena_alloc(a, (ntok + 1) * sizeof(struct jl_loc));
		av.glued = jl_arena_alloc(a, (ntok + 1) * sizeof(*av.glued));
		if (av.words == NULL || av.locs == NULL || av.glued == NULL)
			return -1;
		for (i = 0; i < s->lines_dir.n; i++) {
			d = s->lines_dir.items[i];
			if ((d->kind != JL_LINE_DIRECTIVE &&
			    d->kind != JL_LINE_MALFORMED) ||
			    d->component != (int)k || d->bad)
				continue;
			for (j = 0; j < d->tokens.n; j++) {
				t = d->tokens.items[j];
				av.words[av.n] = t->text;
				av.locs[av.n] = t->loc;
				/* "#SBATCHX ...": sbatch reads X first */
				av.glued[av.n] = d->kind == JL_LINE_MALFORMED &&
				    j == 0 ? d : NULL;
				av.n++;
			}
		}
		jl_getopt(a, &s->src, JL_CMD_SBATCH, version, &av, 1, (int)k,
		    &s->opts, NULL, fs);
	}
	for (i = 0; i < s->opts.n; i++) {
		struct jl_optval *ov = s->opts.items[i];

		if (ov->component == 0 && ov->opt->id == JL_O_IGNORE_PBS)
			s->ignore_pbs = 1;
	}
	return a->failed ? -1 : 0;
}

int
jl_script_read(struct jl_arena *a, struct jl_script *s, const char *name,
    const char *data, size_t len, unsigned version, struct jl_findings *fs)
{
	struct jl_buf	tb;
	int		rc;

	jl_buf_init(&tb);
	rc = script_read(a, s, name, data, len, version, fs, &tb);
	jl_buf_free(&tb);
	return rc;
}

/* Line number of a span, for messages. */
static unsigned
loc_line(const struct jl_src *src, struct jl_loc loc)
{
	unsigned	line, col;

	jl_src_linecol(src, loc.off, &line, &col);
	return line;
}

/*
 * If the token's text is exactly what is written (no quotes, no escapes),
 * the value after '=' has an exact sub-span; otherwise use the whole token.
 */
static struct jl_loc
sub_loc(const struct jl_src *src, const struct jl_argv *av, size_t i,
    size_t from)
{
	struct jl_loc	loc = { 0, 0 };
	size_t		n;

	if (av->locs == NULL || src == NULL)
		return loc;
	loc = av->locs[i];
	n = strlen(av->words[i]);
	if (loc.len == n && memcmp(src->data + loc.off, av->words[i], n) == 0 &&
	    from <= n) {
		loc.off += from;
		loc.len -= from;
	}
	return loc;
}

static void
getopt_report_sev(struct jl_arena *a, const struct jl_src *src,
    const struct jl_argv *av, size_t i, struct jl_findings *fs,
    const char *rule, enum jl_sev sev, const char *fix, const char *msg)
{
	if (av->locs != NULL && src != NULL)
		jl_report(a, fs, rule, sev, src, av->locs[i], fix, "%s", msg);
	else
		jl_report_at(a, fs, rule, sev, "command line", fix, "%s", msg);
}

static void
getopt_report(struct jl_arena *a, const struct jl_src *src,
    const struct jl_argv *av, size_t i, struct jl_findings *fs,
    const char *rule, const char *fix, const char *msg)
{
	getopt_report_sev(a, src, av, i, fs, rule, JL_SEV_ERROR, fix, msg);
}

static struct jl_optval *
optval_add(struct jl_arena *a, struct jl_vec *out, const struct jl_opt *o,
    const char *written, struct jl_loc loc, int comp)
{
	struct jl_optval	*ov;

	if ((ov = jl_arena_alloc(a, sizeof(*ov))) == NULL)
		return NULL;
	ov->opt = o;
	ov->written = written;
	ov->loc = loc;
	ov->component = comp;
	if (jl_vec_push(a, out, ov) != 0)
		return NULL;
	return ov;
}

/* The blanks before off start with a tab (or another blank but a space)
 * right after a backslash that escapes it (an odd run of them). */
static int
blank_after_escape(const struct jl_src *src, size_t off)
{
	const char	*d = src->data;
	size_t		 q = off, nb = 0;

	while (q > 0 && lex_isspace(d[q - 1]) && d[q - 1] != '\n')
		q--;
	if (q == off || d[q] == ' ')
		return 0;
	while (q > nb && d[q - 1 - nb] == '\\')
		nb++;
	return nb % 2 == 1;
}

/*
 * Why a word is stray: most often the value of an optional-argument option
 * written with a space (--exclusive user), or a space in a value.
 */
static const char *
stray_fix(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    unsigned version, const struct jl_argv *av, size_t i)
{
	struct jl_optmatch	 m;
	const char		*prev;

	if (i == 0)
		return "put only options in #SBATCH lines";
	prev = av->words[i - 1];
	/* --exclusive, or an abbreviation getopt accepts (--exclusiv). */
	if (prev[0] == '-' && prev[1] == '-' && strchr(prev, '=') == NULL) {
		jl_opt_find_long(cmd, version, prev + 2, strlen(prev + 2), &m);
		if (m.status == JL_OPT_FOUND && m.opt->arg == JL_ARG_OPTIONAL)
			return jl_arena_printf(a, "--%s takes an optional "
			    "value, which must be attached: --%s=%s",
			    m.opt->name, m.opt->name, av->words[i]);
	}
	if (strcmp(prev, "-k") == 0)
		return jl_arena_printf(a, "-k takes an optional value, which "
		    "must be attached: -k%s", av->words[i]);
	/* "x\<tab>y": the backslash escapes only a space (24.05+), and
	 * before that no blank (get_argument()); "x\\<tab>" is an escaped
	 * backslash. */
	if (av->locs != NULL && src != NULL && blank_after_escape(src,
	    av->locs[i].off))
		return "quote values that contain blanks (\"a<tab>b\"): a "
		    "backslash in #SBATCH does not escape a tab";
	return "quote values that contain spaces (\"a b\"); in Slurm "
	    "before 24.05 a backslash does not escape a space in #SBATCH";
}

static const char *
cmd_name(unsigned cmd)
{
	return cmd == JL_CMD_SRUN ? "srun" : cmd == JL_CMD_SALLOC ? "salloc" :
	    "sbatch";
}

/*
 * Is the word after a bad option at i (unknown or ambiguous, written
 * without '=') most likely its value?  getopt stops at the bad option, so
 * sbatch never reads that word; reporting it as a second, stray word
 * would be a second finding, with an unrelated fix, for one mistake.
 * arg is how the option the user probably meant takes a value
 * (JL_ARG_NONE when no option is in sight, -1 when there is none).
 * A required value may follow anywhere (getopt takes the next word); an
 * optional one, or a word after an option jlint cannot place, only on
 * the same #SBATCH line.  On the command line only a required value is
 * taken, and never the script's name.
 */
static int
value_follows(const struct jl_src *src, const struct jl_argv *av, size_t i,
    int is_directive, int arg)
{
	const char	*w;
	int		 same_line;

	if (i + 1 >= av->n || strchr(av->words[i], '=') != NULL)
		return 0;
	w = av->words[i + 1];
	if (w[0] == '\0' || w[0] == '-' || arg == JL_ARG_NONE)
		return 0;
	/* The command line: never the script (the last word, or a word
	 * that looks like a path), or linting would lose it. */
	if (!is_directive)
		return arg == JL_ARG_REQUIRED && i + 2 < av->n &&
		    strchr(w, '/') == NULL && (strlen(w) < 3 ||
		    strcmp(w + strlen(w) - 3, ".sh") != 0);
	if (arg == JL_ARG_REQUIRED)
		return 1;
	same_line = av->locs != NULL && src != NULL &&
	    loc_line(src, av->locs[i]) == loc_line(src, av->locs[i + 1]);
	return is_directive && same_line;
}

/* The span of a bad option and, on its line, the value taken with it. */
static void
bad_report(struct jl_arena *a, const struct jl_src *src,
    const struct jl_argv *av, size_t i, int took, struct jl_findings *fs,
    enum jl_sev sev, const char *fix, const char *msg)
{
	struct jl_loc	loc;

	if (av->locs == NULL || src == NULL) {
		getopt_report_sev(a, src, av, i, fs, "unknown-option", sev,
		    fix, msg);
		return;
	}
	loc = av->locs[i];
	if (took && loc_line(src, loc) == loc_line(src, av->locs[i + 1]) &&
	    av->locs[i + 1].off >= loc.off)
		loc.len = av->locs[i + 1].off + av->locs[i + 1].len - loc.off;
	jl_report(a, fs, "unknown-option", sev, src, loc, fix, "%s", msg);
}

void
jl_opt_refusal_sure(unsigned cmd, unsigned version, const char *name,
    size_t nlen, const struct jl_optmatch *m, struct jl_optrefusal *r)
{
	const struct jl_opt	*own;
	size_t			 c;
	int			 sure_own = 0;

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->arg = -1;
	r->sure = 1;
	if (m->status == JL_OPT_AMBIGUOUS) {
		/* Its value goes with it when every candidate takes one.
		 * A SPANK candidate makes it ambiguous only where the site
		 * loads that plugin (pyxis). */
		r->arg = JL_ARG_REQUIRED;
		own = NULL;
		for (c = 0; c < m->ncands; c++)
			if (m->cands[c]->flags & JL_OF_SPANK)
				r->sure = 0;
			else if (own == NULL)
				own = m->cands[c];
			else if (m->cands[c]->id != own->id)
				sure_own = 1;	/* two of the command's own */
		if (sure_own)
			r->sure = 1;
		for (c = 0; c < m->ncands; c++)
			if (m->cands[c]->arg == JL_ARG_NONE)
				r->arg = JL_ARG_NONE;
			else if (m->cands[c]->arg == JL_ARG_OPTIONAL &&
			    r->arg != JL_ARG_NONE)
				r->arg = JL_ARG_OPTIONAL;
		return;
	}
	if ((r->other = jl_opt_other_version(cmd, version, name, nlen)) !=
	    NULL || (r->other = jl_opt_other_command(cmd, version, name,
	    nlen)) != NULL) {
		r->arg = (int)r->other->arg;
		return;
	}
	r->sure = 0;
}

void
jl_opt_refusal(unsigned cmd, unsigned version, const char *name, size_t nlen,
    const struct jl_optmatch *m, struct jl_optrefusal *r)
{
	struct jl_optmatch	sm;

	jl_opt_refusal_sure(cmd, version, name, nlen, m, r);
	if (m->status == JL_OPT_AMBIGUOUS || r->other != NULL ||
	    (r->sug = jl_opt_suggest(cmd, version, name, nlen)) == NULL)
		return;
	jl_opt_find_long(cmd, version, r->sug, strlen(r->sug), &sm);
	if (sm.status == JL_OPT_FOUND) {
		r->sugopt = sm.opt;
		r->arg = (int)sm.opt->arg;
	}
}

const char *
jl_opt_refusal_why(const struct jl_optrefusal *r)
{
	if (r->sure)
		return "";
	return r->m->status == JL_OPT_AMBIGUOUS ? "where the pyxis plugin "
	    "adds its options (jlint assumes it does), " : "unless a SPANK "
	    "plugin of this site adds it, ";
}

void
jl_opt_refusal_release(unsigned cmd, const char *name, size_t nlen,
    int assumed, struct jl_optrefusal *r)
{
	if (assumed && r->other == NULL && r->m->status == JL_OPT_UNKNOWN &&
	    (r->other = jl_opt_any_release(cmd, name, nlen)) != NULL) {
		r->arg = (int)r->other->arg;
		r->sure = 1;
		r->sug = NULL;
		r->sugopt = NULL;
	}
	r->assumed = assumed && r->other != NULL &&
	    jl_opt_available(r->other, cmd, 0);
}

/* The first command other than cmd that has o: srun, sbatch, salloc. */
static unsigned
owner_of(const struct jl_opt *o, unsigned cmd)
{
	static const unsigned	order[] = { JL_CMD_SRUN, JL_CMD_SBATCH,
				    JL_CMD_SALLOC };
	size_t			i;

	for (i = 0; i < JL_NITEMS(order); i++)
		if (order[i] != (cmd & JL_CMD_MASK) && (o->cmds & order[i]))
			return order[i];
	return JL_CMD_SALLOC;
}

void
jl_opt_refusal_say(struct jl_arena *a, unsigned cmd, unsigned version,
    const char *name, size_t nlen, const struct jl_optrefusal *r,
    const char *val, const char *cost, const char **msg, const char **fix)
{
	const struct jl_opt	*other = r->other;
	const char		*shown = jl_quote(a, name, nlen, 60);
	const char		*v = val != NULL ? val : "";
	const char		*eq = val != NULL ? "=" : "";
	struct jl_buf		 b;
	unsigned		 own;
	size_t			 c;

	*fix = NULL;
	if (r->m->status == JL_OPT_AMBIGUOUS) {
		jl_buf_init(&b);
		for (c = 0; c < r->m->ncands; c++)
			jl_buf_printf(&b, "%s--%s", c ? ", " : "",
			    r->m->cands[c]->name);
		*msg = jl_arena_printf(a, "--%s is ambiguous: it abbreviates "
		    "%s; %s", shown, b.data ? b.data : "", cost);
		jl_buf_free(&b);
		*fix = "write the option's full name";
	} else if (other != NULL && !jl_opt_available(other, cmd, 0)) {
		own = owner_of(other, cmd);
		*msg = jl_arena_printf(a, "--%s is not an %s option (it "
		    "belongs to %s); %s (unrecognized option)", shown,
		    cmd_name(cmd), cmd_name(own), cost);
		if (own == JL_CMD_SRUN)
			*fix = jl_arena_printf(a, "pass --%s%s%s to srun in "
			    "the script body", other->name, eq, v);
		else if (own == JL_CMD_SBATCH)
			*fix = jl_arena_printf(a, "set it for the whole job "
			    "in a #SBATCH line: #SBATCH --%s%s%s",
			    other->name, eq, v);
	} else if (other != NULL) {
		if (strlen(other->name) != nlen)
			shown = jl_arena_printf(a, "%s (--%s)", shown,
			    other->name);
		*msg = jl_arena_printf(a, "--%s %s Slurm %u.%02u, and %s "
		    "%u.%02u; %s (unrecognized option)", shown,
		    other->since > version ? "exists only from" :
		    "was removed in", other->since > version ?
		    other->since / 100 : other->until / 100,
		    other->since > version ? other->since % 100 :
		    other->until % 100, r->assumed ? "jlint reads the script "
		    "for its default release, Slurm" : "this cluster runs",
		    version / 100, version % 100, r->assumed ? jl_arena_printf(a,
		    "if the cluster runs that, %s", cost) : cost);
		*fix = "set --slurm-version to the cluster's release, or drop "
		    "the option";
	} else {
		*msg = jl_arena_printf(a, "unknown option --%s; %s "
		    "(unrecognized option)", shown, cost);
		if (r->sug != NULL && val != NULL && r->sugopt != NULL &&
		    r->sugopt->arg == JL_ARG_OPTIONAL)
			*fix = jl_arena_printf(a, "did you mean --%s=%s? (its "
			    "value must be attached with =)", r->sug, val);
		else if (r->sug != NULL && val != NULL)
			*fix = jl_arena_printf(a, "did you mean --%s=%s?",
			    r->sug, val);
		else if (r->sug != NULL)
			*fix = jl_arena_printf(a, "did you mean --%s?", r->sug);
		else
			*fix = jl_arena_printf(a, "check the name in man %s "
			    "(or the site's documentation, for a SPANK "
			    "plugin's option); remove the option if nothing "
			    "here adds it", (cmd & JL_CMD_MASK) ==
			    JL_CMD_SRUN ? "srun" : (cmd & JL_CMD_MASK) ==
			    JL_CMD_SALLOC ? "salloc" : "sbatch");
	}
}

/*
 * The verdict of release rel's sbatch on value v of option o (value.h:
 * JL_VAL_*), for the grammars that changed between releases; JL_VAL_OK
 * for every other kind, and for an option without a value there.
 */
static int
value_verdict(const struct jl_opt *o, const char *v, unsigned rel,
    const char **err)
{
	int64_t	n1, n2;
	int	shared;

	if (o->arg == JL_ARG_NONE || v == NULL)
		return JL_VAL_OK;
	switch (o->kind) {
	case JL_V_NODES:
		return jl_val_nodes_rel(v, rel, &n1, &n2, err);
	case JL_V_GRESFLAGS:
		return jl_val_gres_flags_rel(v, rel, err);
	case JL_V_EXCLUSIVE:
		return jl_val_exclusive_rel(v, rel, &shared, err);
	case JL_V_REQUEUE:
		return jl_val_requeue_rel(v, rel, err);
	default:
		return JL_VAL_OK;
	}
}

/*
 * The first release after `after' whose option of that name (cmd's, as
 * jl_opt_find_long() reads it there) takes value v, its verdict in
 * *verdict; 0 when none does.
 */
static unsigned
release_taking(unsigned cmd, const char *name, size_t nlen, const char *v,
    unsigned after, int *verdict)
{
	struct jl_optmatch	 m;
	const char		*t, *err;
	unsigned		 rel;
	size_t			 i;

	for (i = 0; (t = jl_slurm_release_text(i)) != NULL; i++) {
		if (jl_slurm_release(t, &rel) != 0 || rel <= after)
			continue;
		jl_opt_find_long(cmd, rel, name, nlen, &m);
		if (m.status != JL_OPT_FOUND || m.opt->arg == JL_ARG_NONE)
			continue;
		if ((*verdict = value_verdict(m.opt, v, rel, &err)) !=
		    JL_VAL_REFUSED)
			return rel;
	}
	return 0;
}

/* The last release of the run from first on whose option of that name
 * takes value v: first itself when the next release refuses it. */
static unsigned
release_taking_until(unsigned cmd, const char *name, size_t nlen,
    const char *v, unsigned first)
{
	struct jl_optmatch	 m;
	const char		*t, *err;
	unsigned		 rel, last = first;
	size_t			 i;

	for (i = 0; (t = jl_slurm_release_text(i)) != NULL; i++) {
		if (jl_slurm_release(t, &rel) != 0 || rel <= first)
			continue;
		jl_opt_find_long(cmd, rel, name, nlen, &m);
		if (m.status != JL_OPT_FOUND || m.opt->arg == JL_ARG_NONE ||
		    value_verdict(m.opt, v, rel, &err) == JL_VAL_REFUSED)
			break;
		last = rel;
	}
	return last;
}

/* Does a later release's option of that name take value v (--requeue:
 * a value from 25.11)? */
static int
later_takes(unsigned cmd, const char *name, size_t nlen, const char *v)
{
	int	verdict;

	return release_taking(cmd, name, nlen, v, 0, &verdict) != 0;
}

int
jl_value_release(struct jl_arena *a, unsigned cmd, unsigned version,
    int assumed, const struct jl_opt *o, const char *v, enum jl_sev *sev,
    const char **msg, const char **fix)
{
	const char	*err = NULL, *semi, *why, *how, *shown;
	unsigned	 first, later, until;
	int		 verdict, lv, lv2;

	if ((verdict = value_verdict(o, v, version, &err)) == JL_VAL_OK)
		return JL_VAL_OK;
	semi = err != NULL ? strstr(err, "; ") : NULL;
	why = err == NULL ? "not a valid value" : semi == NULL ? err :
	    jl_arena_strndup(a, err, (size_t)(semi - err));
	how = semi != NULL ? semi + 2 : NULL;
	shown = jl_quote(a, v, strlen(v), 60);
	if (verdict != JL_VAL_REFUSED) {
		*sev = JL_SEV_WARNING;
		*msg = jl_arena_printf(a, "--%s=%s: %s", o->name, shown, why);
		*fix = how;
		return verdict;
	}
	/* Refused here, and by every release: the caller of jl_val_X()
	 * says so. */
	if ((first = release_taking(cmd, o->name, strlen(o->name), v, 0,
	    &lv)) == 0)
		return JL_VAL_OK;
	/* The first release after this one that takes it; else (jlint's
	 * default is the oldest release: not so far) the first of all. */
	if ((later = release_taking(cmd, o->name, strlen(o->name), v,
	    version, &lv2)) != 0)
		lv = lv2;
	else
		later = first;
	if (assumed) {
		*sev = JL_SEV_WARNING;
		*msg = jl_arena_printf(a, "invalid --%s value \"%s\" in Slurm "
		    "%u.%02u (jlint's default release: none was given), "
		    "where %s rejects it: %s", o->name, shown, version / 100,
		    version % 100, cmd_name(cmd), why);
		until = release_taking_until(cmd, o->name, strlen(o->name),
		    v, later);
		*fix = jl_arena_printf(a, "%s%sSlurm %u.%02u %s %s this "
		    "value: if your cluster runs one of them, set "
		    "--slurm-version (or the policy's slurm_version) to check "
		    "it", how != NULL ? how : "", how != NULL ? "; " : "",
		    later / 100, later % 100, until == jl_slurm_newest() ?
		    "and later" : jl_arena_printf(a, "to %u.%02u",
		    until / 100, until % 100), lv == JL_VAL_DEPENDS ?
		    "may accept" : "accept");
		return verdict;
	}
	*sev = JL_SEV_ERROR;
	*msg = jl_arena_printf(a, "invalid --%s value \"%s\": %s, and this "
	    "cluster runs %u.%02u; %s rejects the script", o->name, shown,
	    why, version / 100, version % 100, cmd_name(cmd));
	*fix = how;
	return verdict;
}

/*
 * The values of the options jl_getopt() read from out->items[from] on:
 * what this release's sbatch does with a value that some release takes
 * (jl_value_release(); what none takes is job.c's, for every origin).
 * After sbatch took the script (the plugins) its release took the value:
 * only what it ignores is said.
 */
static void
release_values(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    unsigned version, const struct jl_argv *av, const struct jl_vec *out,
    size_t from, struct jl_findings *fs)
{
	const struct jl_optval	*ov;
	const char		*msg, *fix;
	enum jl_sev		 sev;
	struct jl_loc		 loc;
	size_t			 k;
	int			 verdict;

	for (k = from; k < out->n; k++) {
		ov = out->items[k];
		if (ov->value == NULL || ov->early)
			continue;
		if (fs->sbatch_took && ov->opt->kind != JL_V_REQUEUE)
			continue;	/* only an ignored value is said */
		verdict = jl_value_release(a, cmd, version,
		    fs->release_assumed, ov->opt, ov->value, &sev, &msg, &fix);
		if (verdict == JL_VAL_OK)
			continue;
		if (fs->sbatch_took && verdict != JL_VAL_IGNORED)
			continue;
		if (av->locs == NULL || src == NULL) {
			jl_report_at(a, fs, "invalid-value", sev,
			    "command line", fix, "%s", msg);
			continue;
		}
		loc = ov->vloc.len > 0 ? ov->vloc : ov->loc;
		jl_report(a, fs, "invalid-value", sev, src, loc, fix, "%s",
		    msg);
	}
}

/* Report an unknown or ambiguous option at i; 1 if the word after it is
 * taken as its value (value_follows()), else 0. */
static int
report_refused(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    unsigned version, const struct jl_argv *av, size_t i, const char *name,
    size_t nlen, const struct jl_optmatch *m, int is_directive,
    struct jl_findings *fs)
{
	struct jl_optrefusal	 r;
	const char		*msg, *fix, *val = NULL;
	int			 took;

	/* Past the cap the finding would be dropped (finding_add()): skip
	 * the suggestion search, which was 56% of the time on 100 000 bad
	 * directives (bench/gen-hostile.py). */
	if (fs->v.n >= JL_MAX_FINDINGS) {
		fs->dropped++;
		return value_follows(src, av, i, is_directive, -1);
	}
	jl_opt_refusal(cmd, version, name, nlen, m, &r);
	jl_opt_refusal_release(cmd, name, nlen, fs->release_assumed, &r);
	took = value_follows(src, av, i, is_directive, r.arg);
	/* sbatch has read these words and taken them (the plugins): a name
	 * it would refuse only without a SPANK plugin is that plugin's, and
	 * one jlint is sure of is another release's (an older sbatch than
	 * slurmctld), so nothing is said. */
	if (fs->sbatch_took)
		return took;
	if (took && m->status != JL_OPT_AMBIGUOUS)
		val = jl_quote(a, av->words[i + 1], strlen(av->words[i + 1]),
		    40);
	jl_opt_refusal_say(a, cmd, version, name, nlen, &r, val,
	    jl_arena_printf(a, "%s%s rejects the script",
	    jl_opt_refusal_why(&r), cmd_name(cmd)), &msg, &fix);
	bad_report(a, src, av, i, took, fs, r.assumed || !r.sure ?
	    JL_SEV_WARNING : JL_SEV_ERROR, fix, msg);
	return took;
}

/*
 * An option that took the next word: sbatch goes on with it, so the job is
 * submitted (tests/slurm-diff/reader.py), with that value; a partition
 * named after an option ("--time=5") is refused by slurmctld ("invalid
 * partition specified", seen with real Slurm).
 */
static enum jl_sev
next_word_sev(const struct jl_opt *o, const char *value)
{
	return o->id == JL_O_PARTITION && value[0] == '-' ? JL_SEV_ERROR :
	    JL_SEV_WARNING;
}

/* What follows for the job, said after the message. */
static const char *
next_word_why(const struct jl_opt *o, const char *value)
{
	if (value[0] != '-')
		return "";
	return next_word_sev(o, value) == JL_SEV_ERROR ? "; slurmctld "
	    "rejects the job (invalid partition specified)" : "; the option "
	    "that word was meant to be is never set";
}

/*
 * An option that needs a value and has none attached, spelled dash and
 * name ("--" "job-name" or "-" "J"), whose fixed form puts sep ("=" or
 * " ") between it and VALUE.  sbatch takes the word after it (at i + 1),
 * whatever it is, as its value: reported when that word is on another
 * line or looks like an option; an error when there is none.  The one
 * report for both spellings.  1 if the word was taken (ov->value set), 0
 * if none follows.
 */
static int
take_next_word(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    const struct jl_argv *av, size_t i, struct jl_loc loc,
    const char *dash, const char *name, const char *sep,
    struct jl_optval *ov, struct jl_findings *fs)
{
	struct jl_loc	zero = { 0, 0 };
	unsigned	l1, l2;

	if (i + 1 >= av->n) {
		getopt_report(a, src, av, i, fs, "missing-argument",
		    jl_arena_printf(a, "give a value: %s%s%sVALUE", dash, name,
		    sep),
		    jl_arena_printf(a, "%s%s needs a value and none follows; "
		    "%s rejects the script (option requires an argument)",
		    dash, name, cmd_name(cmd)));
		ov->value = NULL;
		return 0;
	}
	ov->value = av->words[i + 1];
	ov->vloc = av->locs != NULL ? av->locs[i + 1] : zero;
	if (av->locs == NULL || src == NULL)
		return 1;
	l1 = loc_line(src, loc);
	l2 = loc_line(src, ov->vloc);
	if (l1 != l2 || ov->value[0] == '-')
		jl_report(a, fs, "missing-argument",
		    next_word_sev(ov->opt, ov->value), src, loc,
		    jl_arena_printf(a, "write %s%s%sVALUE on one line", dash,
		    name, sep),
		    "%s%s has no value %s, so sbatch takes the next word "
		    "\"%s\"%s as its value%s", dash, name,
		    l1 != l2 ? "on its line" : "attached",
		    jl_quote(a, ov->value, strlen(ov->value), 40),
		    l1 != l2 ? jl_arena_printf(a, " from line %u", l2) : "",
		    next_word_why(ov->opt, ov->value));
	return 1;
}

static void
getopt_words(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    unsigned version, const struct jl_argv *av, int is_directive,
    int component, struct jl_vec *out, size_t *first_arg,
    struct jl_findings *fs)
{
	const struct jl_opt	*o;
	struct jl_optmatch	 m;
	struct jl_optval	*ov;
	const struct jl_directive *gl;
	const char		*w, *name, *eq, *written;
	struct jl_loc		 loc, zero = { 0, 0 };
	size_t			 i, j, nlen;
	int			 later;

	if (first_arg != NULL)
		*first_arg = av->n;
	for (i = 0; i < av->n; i++) {
		w = av->words[i];
		loc = av->locs != NULL ? av->locs[i] : zero;
		if (strcmp(w, "--") == 0) {
			if (!is_directive) {
				if (first_arg != NULL)
					*first_arg = i + 1;
				return;
			}
			/* getopt_long stops there; sbatch refuses the words
			 * left over, and with none left it goes on
			 * (tests/slurm-diff/reader.py). */
			if (i + 1 == av->n) {
				if (av->locs != NULL && src != NULL)
					jl_report(a, fs, "malformed-directive",
					    JL_SEV_WARNING, src, loc,
					    "remove the \"--\"", "\"--\" "
					    "ends option parsing; nothing "
					    "follows it, so it does nothing "
					    "but would stop sbatch at any "
					    "#SBATCH option added after it");
				return;
			}
			getopt_report(a, src, av, i, fs, "malformed-directive",
			    "remove the \"--\"",
			    "\"--\" ends option parsing; every #SBATCH word "
			    "after it is an invalid directive and sbatch "
			    "rejects the script");
			continue;
		}
		if (w[0] == '-' && w[1] == '-') {
			name = w + 2;
			eq = strchr(name, '=');
			nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
			/* pyxis's options too: it registers them in sbatch
			 * and salloc unless its sbatch_support=0 (pyxis
			 * config.c: 1 by default; pyxis_alloc.c), and jlint
			 * assumes pyxis, as for srun. */
			jl_opt_find_long(cmd | JL_CMD_F_SPANK, version, name,
			    nlen, &m);
			if (m.status != JL_OPT_FOUND) {
				i += (size_t)report_refused(a, src, cmd,
				    version, av, i, name, nlen, &m,
				    is_directive, fs);
				continue;
			}
			o = m.opt;
			written = jl_arena_strndup(a, w, nlen + 2);
			if ((ov = optval_add(a, out, o, written, loc,
			    component)) == NULL)
				return;
			if (o->arg == JL_ARG_NONE) {
				/* A later release takes this value, and
				 * the release is jlint's default: a
				 * warning. */
				later = eq != NULL && o->until != 0 &&
				    fs->release_assumed &&
				    later_takes(cmd, name, nlen, eq + 1);
				if (eq != NULL)
					getopt_report_sev(a, src, av, i, fs,
					    "invalid-value", later ?
					    JL_SEV_WARNING : JL_SEV_ERROR,
					    o->until != 0 ?
					    jl_arena_printf(a, "write --%s "
					    "without a value; Slurm %u.%02u "
					    "and later accept a value here: "
					    "if your cluster runs one of "
					    "them, set --slurm-version (or "
					    "the policy's slurm_version) to "
					    "check it", o->name,
					    o->until / 100, o->until % 100) :
					    jl_arena_printf(a, "write --%s "
					    "without a value", o->name),
					    jl_arena_printf(a, "--%s takes no "
					    "value%s %s rejects \"%s\"", o->name,
					    later ? jl_arena_printf(a, " in Slurm "
					    "%u.%02u (jlint's default release: "
					    "none was given), where",
					    version / 100, version % 100) : ";",
					    cmd_name(cmd),
					    jl_quote(a, w, strlen(w), 60)));
			} else if (eq != NULL) {
				ov->value = eq + 1;
				ov->vloc = sub_loc(src, av, i,
				    (size_t)(eq - w) + 1);
			} else if (o->arg == JL_ARG_REQUIRED) {
				if (!take_next_word(a, src, cmd, av, i, loc,
				    "--", o->name, "=", ov, fs))
					continue;
				i++;
			}
			if (is_directive && (o->flags & JL_OF_EARLY)) {
				ov->early = 1;
				jl_report(a, fs, "directive-no-effect",
				    JL_SEV_WARNING, src, loc,
				    jl_arena_printf(a, "remove it, or pass "
				    "--%s on the sbatch command line", o->name),
				    "--%s has no effect in a #SBATCH line: "
				    "sbatch only reads it on the command line",
				    o->name);
			}
			continue;
		}
		if (w[0] == '-' && w[1] != '\0') {
			int	bad_last = 0;	/* the cluster ends unknown */

			for (j = 1; w[j] != '\0'; j++) {
				char	letter[3] = { '-', w[j], '\0' };
				struct jl_loc	sl = loc;

				if (av->locs != NULL && sl.len == strlen(w) &&
				    memcmp(src->data + sl.off, w, sl.len) == 0) {
					sl.off += j;
					sl.len = 1;
				}
				o = jl_opt_find_short(cmd, version,
				    (unsigned char)w[j]);
				if (o == NULL) {
					getopt_report(a, src, av, i, fs,
					    "unknown-option", NULL,
					    jl_arena_printf(a, "unknown option "
					    "-%s; %s rejects the script "
					    "(invalid option)",
					    jl_quote(a, w + j, 1, 1),
					    cmd_name(cmd)));
					bad_last = w[j + 1] == '\0';
					continue;
				}
				if ((ov = optval_add(a, out, o,
				    jl_arena_strdup(a, letter), loc,
				    component)) == NULL)
					return;
				if (is_directive && (o->flags & JL_OF_EARLY)) {
					ov->early = 1;
					jl_report(a, fs, "directive-no-effect",
					    JL_SEV_WARNING, src, sl,
					    jl_arena_printf(a, "remove it, or "
					    "pass -%c on the sbatch command "
					    "line", w[j]),
					    "-%c has no effect in a #SBATCH "
					    "line: sbatch only reads it on the "
					    "command line", w[j]);
				}
				if (o->arg == JL_ARG_NONE)
					continue;
				if (w[j + 1] != '\0') {
					ov->value = w + j + 1;
					ov->vloc = sub_loc(src, av, i, j + 1);
					break;
				}
				if (o->arg == JL_ARG_OPTIONAL)
					break;
				i += (size_t)take_next_word(a, src, cmd, av, i,
				    loc, "-", letter + 1, " ", ov, fs);
				break;
			}
			/* -Z foo: sbatch stops at -Z and never reads foo. */
			if (bad_last && value_follows(src, av, i, is_directive,
			    -1))
				i++;
			continue;
		}
		/* A non-option word: POSIX "+" mode stops here. */
		if (!is_directive) {
			if (first_arg != NULL)
				*first_arg = i;
			return;
		}
		if (av->glued != NULL && (gl = av->glued[i]) != NULL) {
			jl_report(a, fs, "malformed-directive", JL_SEV_ERROR,
			    src, gl->loc, "put a space after #SBATCH, or write "
			    "the comment as \"# ...\"", "\"%s\" starts with "
			    "%s, so sbatch reads it as a directive and rejects "
			    "the script (Invalid directive found in batch "
			    "script)", jl_quote(a, src->data + gl->loc.off,
			    gl->loc.len, 60), gl->magic);
			/* one finding for the line: the rest of it is
			 * most often a comment's words */
			while (i + 1 < av->n &&
			    av->locs[i + 1].off < gl->loc.off + gl->loc.len)
				i++;
			continue;
		}
		getopt_report(a, src, av, i, fs, "malformed-directive",
		    stray_fix(a, src, cmd, version, av, i),
		    jl_arena_printf(a, "\"%s\" is not an option; sbatch "
		    "stops reading options here and rejects the script "
		    "(Invalid directive found in batch script)",
		    jl_quote(a, w, strlen(w), 60)));
	}
}

void
jl_getopt(struct jl_arena *a, const struct jl_src *src, unsigned cmd,
    unsigned version, const struct jl_argv *av, int is_directive,
    int component, struct jl_vec *out, size_t *first_arg,
    struct jl_findings *fs)
{
	size_t	from = out->n;

	getopt_words(a, src, cmd, version, av, is_directive, component, out,
	    first_arg, fs);
	release_values(a, src, cmd, version, av, out, from, fs);
}
