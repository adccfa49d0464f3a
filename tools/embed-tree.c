/*
 * tools/embed-tree.c [-n NAME] OUT.c FILE...: parse each YAML file (the rule
 * catalog; with -n, the embedded default policy) with liblint's own YAML
 * layer (lint/yaml.c) at build time and write the trees as C initialisers
 * (see lint/embed-tree.h):
 *
 *	const struct jl_embedded_tree NAME[] = {
 *		{ "rules/x.yaml", &t0_n[0] }, ...
 *	};
 *	const size_t NAME_n = N;
 *
 * NAME is jl_embedded_trees unless -n says otherwise.
 *
 * Every field of every node is copied as the parser set it; aliases stay
 * shared (the tree is a DAG).  Scalars' raw pointers point into a copy of
 * the parsed bytes emitted beside the tree.  A file that does not parse
 * gets root NULL: the loader then parses it at run time and reports the
 * error exactly as before.  Output goes through a temporary file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "yaml.h"

struct nodes {
	const struct yaml_node	**v;
	size_t			  n, cap;
};

static void
die(const char *what)
{
	fprintf(stderr, "embed-tree: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t
node_index(const struct nodes *ns, const struct yaml_node *n)
{
	size_t	i;

	for (i = 0; i < ns->n; i++)
		if (ns->v[i] == n)
			return i;
	return (size_t)-1;
}

/* Every node once, parents before children. */
static void
collect(struct nodes *ns, const struct yaml_node *n)
{
	size_t	i;

	if (n == NULL || node_index(ns, n) != (size_t)-1)
		return;
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		if ((ns->v = realloc(ns->v, ns->cap * sizeof(*ns->v))) == NULL)
			die("realloc");
	}
	ns->v[ns->n++] = n;
	for (i = 0; i < n->nitems; i++)
		collect(ns, n->items[i]);
	for (i = 0; i < n->npairs; i++) {
		collect(ns, n->pairs[i].key);
		collect(ns, n->pairs[i].value);
	}
}

/* A C string literal of s[0..len): octal escapes for everything else. */
static void
cstr(FILE *fp, const char *s, size_t len)
{
	size_t	i;
	int	col = 0;

	if (s == NULL) {
		fputs("NULL", fp);
		return;
	}
	fputc('"', fp);
	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (col > 70) {
			fputs("\"\n\t\"", fp);
			col = 0;
		}
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' &&
		    c != '?') {
			fputc(c, fp);
			col++;
		} else {
			fprintf(fp, "\\%03o", c);
			col += 4;
		}
	}
	fputc('"', fp);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((fp = fopen(path, "rb")) == NULL)
		die(path);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				die("realloc");
		}
		if ((r = fread(buf + n, 1, cap - n - 1, fp)) == 0)
			break;
		n += r;
	}
	if (ferror(fp))
		die(path);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * The parser copies the bytes (after a UTF-8 BOM) into its arena and
 * points raw into that copy.  Find the offset of every raw pointer in the
 * bytes: the base that puts every scalar's raw bytes at equal bytes of the
 * file.  NULL when no node has raw bytes, (const char *)-1 if no base
 * fits.
 */
static const char *
find_base(const struct nodes *ns, const char *data, size_t len)
{
	const char	*lo = NULL, *hi = NULL, *base;
	size_t		 i, b, nb;

	for (i = 0; i < ns->n; i++) {
		const struct yaml_node *n = ns->v[i];

		if (n->raw == NULL)
			continue;
		if (lo == NULL || n->raw < lo)
			lo = n->raw;
		if (hi == NULL || n->raw + n->rawlen > hi)
			hi = n->raw + n->rawlen;
	}
	if (lo == NULL)
		return NULL;	/* no raw pointers at all */
	if ((size_t)(hi - lo) > len)
		return (const char *)-1;
	nb = len - (size_t)(hi - lo);
	/* base = lo - b for some b in [0, nb]: try each. */
	for (b = 0; b <= nb; b++) {
		base = lo - b;
		for (i = 0; i < ns->n; i++) {
			const struct yaml_node *n = ns->v[i];
			size_t off;

			if (n->raw == NULL)
				continue;
			off = (size_t)(n->raw - base);
			if (off + n->rawlen > len ||
			    memcmp(data + off, n->raw, n->rawlen) != 0)
				break;
		}
		if (i == ns->n)
			return base;
	}
	return (const char *)-1;
}

static void
emit_file(FILE *fp, size_t f, const char *path, const char *data, size_t len,
    int *ok)
{
	struct jl_arena		 a;
	struct jl_yaml_diag	 d;
	struct yaml_node	*root;
	struct nodes		 ns;
	const char		*base;
	size_t			 i, k, npairs = 0, nitems = 0;

	*ok = 0;
	memset(&ns, 0, sizeof(ns));
	jl_arena_init(&a);
	jl_yaml_diag_init(&d, path);
	root = jl_yaml_parse(&a, &d, data, len);
	jl_yaml_diag_free(&d);
	if (root == NULL) {
		fprintf(stderr, "embed-tree: %s does not parse; it will be "
		    "parsed (and reported) at run time\n", path);
		jl_arena_free(&a);
		return;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;	/* jl_yaml_parse() skips a BOM too */
		len -= 3;
	}
	collect(&ns, root);
	if ((base = find_base(&ns, data, len)) == (const char *)-1) {
		fprintf(stderr, "embed-tree: %s: raw bytes not found; parsed "
		    "at run time\n", path);
		free(ns.v);
		jl_arena_free(&a);
		return;
	}
	for (i = 0; i < ns.n; i++) {
		npairs += ns.v[i]->npairs;
		nitems += ns.v[i]->nitems;
	}
	fprintf(fp, "\n/* %s */\nstatic const char t%zu_src[] = ", path, f);
	cstr(fp, data, len);
	fprintf(fp, ";\nstatic struct yaml_node t%zu_n[%zu];\n", f, ns.n);
	if (npairs > 0) {
		fprintf(fp, "static struct yaml_pair t%zu_p[%zu] = {\n", f,
		    npairs);
		for (i = 0; i < ns.n; i++)
			for (k = 0; k < ns.v[i]->npairs; k++)
				fprintf(fp, "\t{ &t%zu_n[%zu], &t%zu_n[%zu] },\n",
				    f, node_index(&ns, ns.v[i]->pairs[k].key),
				    f, node_index(&ns, ns.v[i]->pairs[k].value));
		fputs("};\n", fp);
	}
	if (nitems > 0) {
		fprintf(fp, "static struct yaml_node *t%zu_i[%zu] = {\n", f,
		    nitems);
		for (i = 0; i < ns.n; i++)
			for (k = 0; k < ns.v[i]->nitems; k++)
				fprintf(fp, "\t&t%zu_n[%zu],\n", f,
				    node_index(&ns, ns.v[i]->items[k]));
		fputs("};\n", fp);
	}
	fprintf(fp, "static struct yaml_node t%zu_n[%zu] = {\n", f, ns.n);
	npairs = nitems = 0;
	for (i = 0; i < ns.n; i++) {
		const struct yaml_node *n = ns.v[i];

		fprintf(fp, "\t{ .kind = %d, .style = %d, .text = ",
		    (int)n->kind, (int)n->style);
		cstr(fp, n->text, n->len);
		fprintf(fp, ", .len = %zu,\n\t  .items = ", n->len);
		if (n->nitems > 0)
			fprintf(fp, "&t%zu_i[%zu]", f, nitems);
		else
			fputs("NULL", fp);
		fprintf(fp, ", .nitems = %zu, .pairs = ", n->nitems);
		if (n->npairs > 0)
			fprintf(fp, "&t%zu_p[%zu]", f, npairs);
		else
			fputs("NULL", fp);
		fprintf(fp, ", .npairs = %zu,\n\t  .tag = ", n->npairs);
		cstr(fp, n->tag, n->tag != NULL ? strlen(n->tag) : 0);
		fputs(", .anchor = ", fp);
		cstr(fp, n->anchor, n->anchor != NULL ? strlen(n->anchor) : 0);
		fprintf(fp, ",\n\t  .line = %u, .col = %u, .end_line = %u, "
		    ".end_col = %u,\n\t  .raw = ", n->line, n->col, n->end_line,
		    n->end_col);
		if (n->raw != NULL)
			fprintf(fp, "t%zu_src + %zu", f,
			    (size_t)(n->raw - base));
		else
			fputs("NULL", fp);
		fprintf(fp, ", .rawlen = %zu, .weight = %zu, .height = %u, "
		    ".open = %d },\n", n->rawlen, n->weight, n->height,
		    n->open);
		nitems += n->nitems;
		npairs += n->npairs;
	}
	fputs("};\n", fp);
	free(ns.v);
	jl_arena_free(&a);
	*ok = 1;
}

int
main(int argc, char **argv)
{
	FILE		*fp;
	char		*tmp, *data;
	const char	*name = "jl_embedded_trees";
	size_t		 len, n;
	int		 i, *ok;

	if (argc >= 3 && strcmp(argv[1], "-n") == 0) {
		name = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: embed-tree [-n NAME] OUT.c FILE...\n");
		return 2;
	}
	n = strlen(argv[1]) + 16;
	if ((tmp = malloc(n)) == NULL ||
	    (ok = calloc((size_t)argc, sizeof(*ok))) == NULL)
		die("malloc");
	snprintf(tmp, n, "%s.tmp", argv[1]);
	if ((fp = fopen(tmp, "w")) == NULL)
		die(tmp);
	fputs("/* Generated by tools/embed-tree.c; do not edit. */\n"
	    "#include <stddef.h>\n#include \"embed-tree.h\"\n"
	    "#include \"yaml.h\"\n", fp);
	for (i = 2; i < argc; i++) {
		data = slurp(argv[i], &len);
		emit_file(fp, (size_t)(i - 2), argv[i], data, len, &ok[i]);
		free(data);
	}
	fprintf(fp, "\nconst struct jl_embedded_tree %s[] = {\n", name);
	for (i = 2; i < argc; i++) {
		fputs("\t{ ", fp);
		cstr(fp, argv[i], strlen(argv[i]));
		if (ok[i])
			fprintf(fp, ", &t%d_n[0] },\n", i - 2);
		else
			fputs(", NULL },\n", fp);
	}
	fprintf(fp, "\t{ NULL, NULL }\n};\nconst size_t %s_n = %d;\n", name,
	    argc - 2);
	if (fclose(fp) != 0 || rename(tmp, argv[1]) != 0)
		die(argv[1]);
	free(tmp);
	free(ok);
	return 0;
}
