/*
 * bodydump.c: every field of jl_body_read()'s result as text, one line
 * per item (bench/, a checking aid for speed work on lint/body*.c).
 *
 *   bodydump [-v VERSION] FILE...
 *
 * Two builds of the body reader read the same scripts the same way when
 * their dumps are byte-identical; bench/body-same.sh compares two commits.
 * Pointers are printed as what they point at (a command index, a text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "mem.h"
#include "src.h"

static void
str(const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		fputs("(null)", stdout);
		return;
	}
	putchar('"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void
loc(const char *tag, struct jl_loc l)
{
	printf(" %s=%zu+%zu", tag, l.off, l.len);
}

static void
word(const struct jl_word *w)
{
	putchar(' ');
	str(w->text);
	loc("at", w->loc);
	printf(" q%d e%d a%d", w->quoted, w->has_expansion, w->assign);
}

static void
assign(const char *tag, const struct jl_assign *as)
{
	printf("  %s ", tag);
	str(as->name);
	putchar('=');
	str(as->value);
	loc("at", as->loc);
	printf(" x%d p%d e%d\n", as->exported, as->prefix, as->has_expansion);
}

static void
opts(const char *tag, const struct jl_vec *v)
{
	const struct jl_stepopt	*so;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		so = v->items[i];
		printf("   %s ", tag);
		str(so->name);
		printf(" opt=%s ", so->opt != NULL ? so->opt->name : "-");
		str(so->value);
		loc("at", so->loc);
		putchar('\n');
	}
}

static long
cmd_index(const struct jl_body *b, const struct jl_cmd *c)
{
	size_t	i;

	for (i = 0; i < b->commands.n; i++)
		if (b->commands.items[i] == c)
			return (long)i;
	return -1;
}

static void
dump(const struct jl_body *b)
{
	const struct jl_cmd	*c;
	const struct jl_step	*st;
	const struct jl_container *ct;
	const struct jl_trap	*t;
	const struct jl_func	*f;
	const struct jl_loc	*l;
	size_t			 i, j;

	for (i = 0; i < b->commands.n; i++) {
		c = b->commands.items[i];
		printf("cmd %zu", i);
		loc("at", c->loc);
		printf(" bg%d fn%d loop%d trap%d rq%d parent=%ld prog=",
		    c->background, c->in_function, c->in_loop, c->in_trap,
		    c->requeue, c->parent != NULL ?
		    cmd_index(b, &c->parent->cmd) : -2);
		str(c->program);
		loc("pat", c->program_loc);
		putchar('\n');
		for (j = 0; j < c->words.n; j++) {
			fputs("  w", stdout);
			word(c->words.items[j]);
			putchar('\n');
		}
		for (j = 0; j < c->prefix.n; j++)
			assign("pre", c->prefix.items[j]);
	}
	for (i = 0; i < b->steps.n; i++) {
		st = b->steps.items[i];
		printf("step cmd=%ld launcher=%d ", cmd_index(b, &st->cmd),
		    (int)st->launcher);
		str(st->launcher_name);
		loc("lat", st->launcher_loc);
		printf(" np=%lld ng=%lld pty=%d ", (long long)st->nprocs,
		    (long long)st->ngpus, st->pty);
		str(st->pyxis_image);
		loc("pyat", st->pyxis_loc);
		printf(" nn=%lld ppn=%lld gr=%d inner=%d ",
		    (long long)st->nnodes, (long long)st->nprocs_per_node,
		    st->gpu_req, (int)st->inner_launcher);
		str(st->inner_launcher_name);
		printf(" inp=%lld ipn=%lld ga=%d\n",
		    (long long)st->inner_nprocs,
		    (long long)st->inner_per_node, st->gpu_args);
		opts("opt", &st->opts);
		if ((ct = st->ctr) == NULL)
			continue;
		printf("  ctr rt=%d verb=", (int)ct->runtime);
		str(ct->verb);
		loc("vat", ct->verb_loc);
		fputs(" image=", stdout);
		str(ct->image);
		loc("iat", ct->image_loc);
		printf(" nv=%d rocm=%d nve=%d rocme=%d ce=%d ca=%d nvccli=%d "
		    "dev=%d why=", ct->nv, ct->rocm, ct->nv_env, ct->rocm_env,
		    ct->cleanenv, ct->containall, ct->nvccli, ct->dev_hidden);
		str(ct->dev_why);
		printf(" amd=%d iname=", ct->amd_binds);
		str(ct->instance_name);
		fputs(" inst=", stdout);
		str(ct->instance != NULL ? ct->instance->instance_name : NULL);
		putchar('\n');
		opts("flag", &ct->flags);
		opts("late", &ct->late_flags);
		for (j = 0; j < ct->args.n; j++) {
			fputs("   arg", stdout);
			word(ct->args.items[j]);
			putchar('\n');
		}
	}
	for (i = 0; i < b->traps.n; i++) {
		t = b->traps.items[i];
		fputs("trap", stdout);
		loc("at", t->loc);
		putchar(' ');
		str(t->handler);
		printf(" rq=%d", t->requeues);
		for (j = 0; j < t->signals.n; j++) {
			putchar(' ');
			str(t->signals.items[j]);
		}
		putchar('\n');
	}
	for (i = 0; i < b->assigns.n; i++)
		assign("assign", b->assigns.items[i]);
	for (i = 0; i < b->cuda_visible.n; i++)
		assign("cudavis", b->cuda_visible.items[i]);
	for (i = 0; i < b->modules.n; i++) {
		fputs("module", stdout);
		word(b->modules.items[i]);
		putchar('\n');
	}
	for (i = 0; i < b->requeue_calls.n; i++) {
		fputs("requeue", stdout);
		word(b->requeue_calls.items[i]);
		putchar('\n');
	}
	for (i = 0; i < b->funcs.n; i++) {
		f = b->funcs.items[i];
		fputs("func ", stdout);
		str(f->name);
		loc("at", f->loc);
		printf(" rq=%d\n", f->requeues);
	}
	for (i = 0; i < b->heredocs.n; i++) {
		l = b->heredocs.items[i];
		printf("heredoc");
		loc("at", *l);
		putchar('\n');
	}
	printf("end uh=%d", b->unterminated_heredoc);
	loc("uhat", b->unterminated_heredoc_loc);
	printf(" uq=%d", b->unterminated_quote);
	loc("uqat", b->unterminated_quote_loc);
	printf(" trunc=%d\n", b->truncated);
}

int
main(int argc, char **argv)
{
	struct jl_arena	 a;
	struct jl_src	 src;
	struct jl_body	 body;
	struct jl_buf	 in;
	FILE		*fp;
	char		 chunk[65536];
	unsigned	 version = 0;
	size_t		 n;
	int		 i = 1, rc = 0;

	if (argc > 2 && strcmp(argv[1], "-v") == 0) {
		version = (unsigned)atoi(argv[2]);
		i = 3;
	}
	for (; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			rc = 2;
			continue;
		}
		jl_buf_init(&in);
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			jl_buf_add(&in, chunk, n);
		fclose(fp);
		jl_buf_putc(&in, '\0');	/* jl_src wants it */
		jl_arena_init(&a);
		printf("== %s\n", argv[i]);
		if (in.failed ||
		    jl_src_init(&src, &a, argv[i], in.data, in.len - 1) != 0 ||
		    jl_body_read(&a, &src, version, &body) != 0) {
			printf("failed\n");
			rc = 1;
		} else
			dump(&body);
		jl_arena_free(&a);
		jl_buf_free(&in);
	}
	return rc;
}
