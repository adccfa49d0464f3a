/*
 * pbs.c: #BSUB and #PBS translation, mirroring src/sbatch/xlate.c:
 * xlate_batch_script(), _set_bsub_options(), _set_pbs_options() and
 * _parse_pbs_resource_list() of Slurm 22.05.
 *
 * sbatch translates one family (BSUB if present, else PBS) after the
 * #SBATCH pass, so the translated options override #SBATCH ones; they count
 * as command-line options for the memory exclusion check.  Translation is
 * skipped with --ignore-pbs (directive) or SBATCH_IGNORE_PBS.  Options the
 * translator ignores (PBS -j, -k, -r, -V, ...) are ignored here too.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "pbs.h"

struct xl {
	struct jl_arena		*a;
	const struct jl_script	*s;
	struct jl_vec		*out;
	struct jl_findings	*fs;
	struct jl_loc		 loc;	/* token being translated */
	const char		*written;
};

static void
xl_set(struct xl *x, enum jl_optid id, const char *value)
{
	const struct jl_opt	*o;
	struct jl_optval	*ov;

	if ((o = jl_opt_by_id(JL_CMD_SBATCH, id)) == NULL)
		return;
	if ((ov = jl_arena_alloc(x->a, sizeof(*ov))) == NULL)
		return;
	ov->opt = o;
	ov->value = value != NULL ? jl_arena_strdup(x->a, value) : NULL;
	ov->written = x->written;
	ov->loc = x->loc;
	ov->vloc = x->loc;
	jl_vec_push(x->a, x->out, ov);
}

/* Value of key=VALUE up to sep (',' or ':'), from rl[*i]. */
static char *
rl_value(struct xl *x, const char *rl, size_t *i, char sep)
{
	size_t	start = *i;
	char	*v;

	while (rl[*i] != '\0' && rl[*i] != sep)
		(*i)++;
	v = jl_arena_strndup(x->a, rl + start, *i - start);
	if (rl[*i] != '\0')
		(*i)++;
	return v;
}

static void
rl_skip(const char *rl, size_t *i)
{
	while (rl[*i] != '\0' && rl[*i] != ',')
		(*i)++;
	if (rl[*i] != '\0')
		(*i)++;
}

static char *
strip_b(char *v)
{
	size_t	n = strlen(v);

	if (n > 0 && toupper((unsigned char)v[n - 1]) == 'B')
		v[n - 1] = '\0';
	return v;
}

/*
 * a + b and a * b for the counts of a nodes= list, saturating instead of
 * overflowing (fuzz/fuzz_script: "nodes=2:ppn=8:99999999999999999999"
 * was undefined behaviour).  sbatch adds them in int and wraps; either way
 * the result is no valid count, and --nodes/--ntasks report it.
 */
static long
sat_add(long a, long b)
{
	if (b > 0 && a > LONG_MAX - b)
		return LONG_MAX;
	if (b < 0 && a < LONG_MIN - b)
		return LONG_MIN;
	return a + b;
}

static long
sat_mul(long a, long b)
{
	long	r;

	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? LONG_MIN : LONG_MAX;
	return r;
}

/* _parse_pbs_nodes_opts(): "2:ppn=8:gpus=2", "node1+node2". */
static void
pbs_nodes(struct xl *x, const char *no)
{
	struct jl_buf	hosts;
	size_t		i = 0, start;
	long		ppn = 0, ncnt = 0;
	char		*v;

	jl_buf_init(&hosts);
	while (no[i] != '\0') {
		if (strncmp(no + i, "gpus=", 5) == 0) {
			i += 5;
			start = i;
			while (no[i] && no[i] != '+' && no[i] != ':')
				i++;
			v = jl_arena_strndup(x->a, no + start, i - start);
			xl_set(x, JL_O_GPUS_PER_NODE, v);
			if (no[i])
				i++;
		} else if (strncmp(no + i, "ppn=", 4) == 0) {
			i += 4;
			ppn = sat_add(ppn, strtol(no + i, NULL, 10));
			while (no[i] && no[i] != '+' && no[i] != ':')
				i++;
			if (no[i])
				i++;
		} else if (isdigit((unsigned char)no[i])) {
			ncnt = sat_add(ncnt, strtol(no + i, NULL, 10));
			while (no[i] && no[i] != '+' && no[i] != ':')
				i++;
			if (no[i])
				i++;
		} else if (isalpha((unsigned char)no[i])) {
			start = i;
			while (no[i] && no[i] != '+' && no[i] != ':')
				i++;
			if (hosts.len > 0)
				jl_buf_putc(&hosts, ',');
			jl_buf_add(&hosts, no + start, i - start);
			if (no[i])
				i++;
		} else
			i++;
	}
	if (ncnt == 0)
		ncnt = 1;
	else
		xl_set(x, JL_O_NODES, jl_arena_printf(x->a, "%ld", ncnt));
	if (ppn > 0)
		xl_set(x, JL_O_NTASKS, jl_arena_printf(x->a, "%ld",
		    sat_mul(ppn, ncnt)));
	if (hosts.len > 0)
		xl_set(x, JL_O_NODELIST, hosts.data);
	jl_buf_free(&hosts);
}

/* _parse_pbs_resource_list(): -l walltime=1:00:00,nodes=2:ppn=4,mem=4gb */
static void
pbs_resources(struct xl *x, const char *rl)
{
	size_t	i = 0;
	long	gpus = 0;
	char	*v;

	while (rl[i] != '\0') {
		const char *p = rl + i;

		if (strncasecmp(p, "accelerator=", 12) == 0) {
			i += 12;
			if (strncasecmp(rl + i, "true", 4) == 0 && gpus < 1)
				gpus = 1;
		} else if (strncmp(p, "walltime=", 9) == 0 ||
		    strncmp(p, "cput=", 5) == 0 ||
		    strncmp(p, "pcput=", 6) == 0) {
			i += (size_t)(strchr(p, '=') - p) + 1;
			xl_set(x, JL_O_TIME, rl_value(x, rl, &i, ','));
		} else if (strncmp(p, "mem=", 4) == 0) {
			i += 4;
			xl_set(x, JL_O_MEM, strip_b(rl_value(x, rl, &i, ',')));
		} else if (strncmp(p, "file=", 5) == 0) {
			i += 5;
			xl_set(x, JL_O_TMP, strip_b(rl_value(x, rl, &i, ',')));
		} else if (strncasecmp(p, "mpiprocs=", 9) == 0) {
			i += 9;
			xl_set(x, JL_O_NTASKS_PER_NODE, rl_value(x, rl, &i, ':'));
		} else if (strncasecmp(p, "naccelerators=", 14) == 0) {
			i += 14;
			v = rl_value(x, rl, &i, ',');
			gpus = v != NULL ? strtol(v, NULL, 10) : 0;
		} else if (strncasecmp(p, "ncpus=", 6) == 0) {
			i += 6;
			xl_set(x, JL_O_MINCPUS, rl_value(x, rl, &i, ':'));
		} else if (strncmp(p, "nice=", 5) == 0) {
			i += 5;
			xl_set(x, JL_O_NICE, rl_value(x, rl, &i, ','));
		} else if (strncmp(p, "nodes=", 6) == 0) {
			i += 6;
			v = rl_value(x, rl, &i, ',');
			if (v != NULL)
				pbs_nodes(x, v);
		} else if (strncmp(p, "proc=", 5) == 0) {
			i += 5;
			xl_set(x, JL_O_CONSTRAINT, rl_value(x, rl, &i, ','));
			rl_skip(rl, &i);
		} else if (strncasecmp(p, "select=", 7) == 0) {
			i += 7;
			xl_set(x, JL_O_NODES, rl_value(x, rl, &i, ':'));
		} else if (strncmp(p, "arch=", 5) == 0 ||
		    strncmp(p, "host=", 5) == 0 ||
		    strncmp(p, "opsys=", 6) == 0 ||
		    strncmp(p, "other=", 6) == 0 ||
		    strncmp(p, "pmem=", 5) == 0 ||
		    strncmp(p, "pvmem=", 6) == 0 ||
		    strncmp(p, "software=", 9) == 0 ||
		    strncmp(p, "vmem=", 5) == 0) {
			i += (size_t)(strchr(p, '=') - p) + 1;
			rl_skip(rl, &i);
		} else
			i++;
	}
	if (gpus > 0)
		xl_set(x, JL_O_GRES, jl_arena_printf(x->a, "gpu:%ld", gpus));
}

static const char *
pbs_mail(struct xl *x, const char *arg)
{
	struct jl_buf	b;
	const char	*r;

	if (strpbrk(arg, "nN") != NULL)
		return "NONE";
	jl_buf_init(&b);
	if (strpbrk(arg, "bB") != NULL)
		jl_buf_puts(&b, "BEGIN");
	if (strpbrk(arg, "eE") != NULL)
		jl_buf_puts(&b, b.len ? ",END" : "END");
	if (strpbrk(arg, "aA") != NULL)
		jl_buf_puts(&b, b.len ? ",FAIL" : "FAIL");
	r = jl_arena_strdup(x->a, b.data ? b.data : "");
	jl_buf_free(&b);
	return r;
}

/* Short options with their argument kind: letter, ':' required, '::' optional. */
#define PBS_OPTS	"a:A:c:C:e:hIj::J:k:l:m:M:N:o:p:q:r:S:t:u:v:VW:z"
#define BSUB_OPTS	"c:e:J:m:M:n:o:q:W:x"

static const struct {
	const char	*name;
	int		 letter;
} pbs_long[] = {
	{ "start_time", 'a' }, { "account", 'A' }, { "checkpoint", 'c' },
	{ "working_dir", 'C' }, { "error", 'e' }, { "hold", 'h' },
	{ "interactive", 'I' }, { "join", 'j' }, { "job_array", 'J' },
	{ "keep", 'k' }, { "resource_list", 'l' }, { "mail_options", 'm' },
	{ "mail_user_list", 'M' }, { "job_name", 'N' }, { "out", 'o' },
	{ "priority", 'p' }, { "destination", 'q' }, { "rerunable", 'r' },
	{ "script_path", 'S' }, { "array", 't' }, { "running_user", 'u' },
	{ "variable_list", 'v' }, { "all_env", 'V' }, { "attributes", 'W' },
	{ "no_std", 'z' },
}, bsub_long[] = {
	{ "cwd", 'c' }, { "error_file", 'e' }, { "job_name", 'J' },
	{ "hostname", 'm' }, { "memory_limit", 'M' }, { "output_file", 'o' },
	{ "queue_name", 'q' }, { "time", 'W' }, { "exclusive", 'x' },
};

static void
pbs_apply(struct xl *x, int c, const char *arg, const char **export)
{
	switch (c) {
	case 'a':
		xl_set(x, JL_O_BEGIN, arg);
		break;
	case 'A':
		xl_set(x, JL_O_ACCOUNT, arg);
		break;
	case 'e':
		xl_set(x, JL_O_ERROR, arg);
		break;
	case 'o':
		xl_set(x, JL_O_OUTPUT, arg);
		break;
	case 'h':
		xl_set(x, JL_O_HOLD, NULL);
		break;
	case 'J':
	case 't':
		xl_set(x, JL_O_ARRAY, arg);
		break;
	case 'l':
		pbs_resources(x, arg);
		break;
	case 'm':
		xl_set(x, JL_O_MAIL_TYPE, pbs_mail(x, arg));
		break;
	case 'M':
		xl_set(x, JL_O_MAIL_USER, arg);
		break;
	case 'N':
		xl_set(x, JL_O_JOB_NAME, arg);
		break;
	case 'p':
		xl_set(x, JL_O_NICE, arg);
		break;
	case 'q':
		xl_set(x, JL_O_PARTITION, arg);
		break;
	case 'v':
		*export = *export == NULL ? arg :
		    jl_arena_printf(x->a, "%s,%s", *export, arg);
		xl_set(x, JL_O_EXPORT, *export);
		break;
	case 'W':
		if (strncasecmp(arg, "depend=", 7) == 0)
			xl_set(x, JL_O_DEPENDENCY, arg + 7);
		break;
	default:
		break;		/* c C I j k r S u V z: ignored by sbatch */
	}
}

static void
bsub_apply(struct xl *x, int c, const char *arg)
{
	const char	*comma;
	char		*v;
	size_t		 i, n;

	switch (c) {
	case 'c':
		xl_set(x, JL_O_CHDIR, arg);
		break;
	case 'e':
		xl_set(x, JL_O_ERROR, arg);
		break;
	case 'J':
		xl_set(x, JL_O_JOB_NAME, arg);
		break;
	case 'o':
		xl_set(x, JL_O_OUTPUT, arg);
		break;
	case 'm':
		v = jl_arena_strdup(x->a, arg);
		for (i = 0; v != NULL && v[i]; i++)
			if (v[i] == ' ')
				v[i] = ',';
		xl_set(x, JL_O_NODELIST, v);
		break;
	case 'M':
		/* LSF's default unit is KB. */
		n = strlen(arg);
		xl_set(x, JL_O_MEM_PER_CPU, n > 0 &&
		    isdigit((unsigned char)arg[n - 1]) ?
		    jl_arena_printf(x->a, "%sK", arg) : arg);
		break;
	case 'n':
		comma = strchr(arg, ',');
		xl_set(x, JL_O_NTASKS, comma != NULL ? comma + 1 : arg);
		break;
	case 'q':
		xl_set(x, JL_O_PARTITION, arg);
		break;
	case 'W':
		xl_set(x, JL_O_TIME, arg);
		break;
	case 'x':
		xl_set(x, JL_O_EXCLUSIVE, NULL);
		break;
	default:
		break;
	}
}

/*
 * One family only, #BSUB first: process_options_second_pass() stops at
 * the first xlate_batch_script() that finds lines, so #PBS lines next to
 * #BSUB ones are not read at all.
 */
const char *
jl_pbs_family(const struct jl_script *s)
{
	const struct jl_directive	*d;
	const char			*fam = NULL;
	size_t				 i;

	for (i = 0; i < s->lines_dir.n; i++) {
		d = s->lines_dir.items[i];
		if (d->kind != JL_LINE_PBS)
			continue;
		if (strcmp(d->magic, "#BSUB") == 0)
			return "#BSUB";
		fam = "#PBS";
	}
	return fam;
}

void
jl_pbs_translate(struct jl_arena *a, const struct jl_script *s,
    struct jl_vec *out, struct jl_findings *fs)
{
	const struct jl_directive	*d;
	const struct jl_token		**tok;
	const char			*magic = NULL, *optstr, *w, *arg, *sp;
	const char			*export = NULL;
	struct xl			 x;
	size_t				 i, j, n = 0, k, nlong;
	int				 bsub, c;

	if ((magic = jl_pbs_family(s)) == NULL)
		return;
	bsub = magic[1] == 'B';
	for (i = 0; i < s->lines_dir.n; i++) {
		d = s->lines_dir.items[i];
		if (d->kind == JL_LINE_PBS && strcmp(d->magic, magic) == 0)
			n += d->tokens.n;
	}
	if (n == 0)
		return;
	if ((tok = jl_arena_alloc(a, n * sizeof(*tok))) == NULL)
		return;
	n = 0;
	for (i = 0; i < s->lines_dir.n; i++) {
		d = s->lines_dir.items[i];
		if (d->kind == JL_LINE_PBS && strcmp(d->magic, magic) == 0)
			for (j = 0; j < d->tokens.n; j++)
				tok[n++] = d->tokens.items[j];
	}
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.s = s;
	x.out = out;
	x.fs = fs;
	optstr = bsub ? BSUB_OPTS : PBS_OPTS;
	nlong = bsub ? JL_NITEMS(bsub_long) : JL_NITEMS(pbs_long);
	for (i = 0; i < n; i++) {
		w = tok[i]->text;
		x.loc = tok[i]->loc;
		x.written = jl_arena_printf(a, "%s %s", magic, w);
		c = 0;
		arg = NULL;
		if (bsub && strcmp(w, "-cwd") == 0)
			w = "-c";
		if (w[0] == '-' && w[1] == '-') {
			for (k = 0; k < nlong; k++) {
				const char *ln = bsub ? bsub_long[k].name :
				    pbs_long[k].name;
				size_t ll = strcspn(w + 2, "=");

				if (strncmp(w + 2, ln, ll) == 0 &&
				    ln[ll] == '\0') {
					c = bsub ? bsub_long[k].letter :
					    pbs_long[k].letter;
					if (w[2 + ll] == '=')
						arg = w + 3 + ll;
					break;
				}
			}
		} else if (w[0] == '-' && w[1] != '\0') {
			c = (unsigned char)w[1];
			if (w[2] != '\0')
				arg = w + 2;
		}
		if (c == 0 || (sp = strchr(optstr, c)) == NULL) {
			jl_report(a, fs, "pbs-directives", JL_SEV_ERROR,
			    &s->src, x.loc,
			    jl_arena_printf(a, "translate it to #SBATCH by "
			    "hand or delete it"),
			    "sbatch cannot translate \"%s\" in a %s line and "
			    "rejects the script", jl_quote(a, w, strlen(w),
			    40), magic);
			continue;
		}
		if (sp[1] == ':' && sp[2] != ':' && arg == NULL) {
			if (i + 1 >= n) {
				jl_report(a, fs, "pbs-directives",
				    JL_SEV_ERROR, &s->src, x.loc, NULL,
				    "%s needs a value in a %s line; sbatch "
				    "rejects the script", jl_quote(a, w,
				    strlen(w), 20), magic);
				break;
			}
			arg = tok[++i]->text;
		}
		if (bsub)
			bsub_apply(&x, c, arg != NULL ? arg : "");
		else
			pbs_apply(&x, c, arg != NULL ? arg : "", &export);
	}
}
