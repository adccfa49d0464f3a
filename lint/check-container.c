/*
 * check-container.c: container and step rules (apptainer/singularity,
 * pyxis, interactive commands).
 */
#include <sys/stat.h>

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"

static const char *
rt_name(const struct jl_container *ctr)
{
	return ctr->runtime == JL_CTR_APPTAINER ? "apptainer" : "singularity";
}

/*
 * docker://, library://, oras:// images with no tag or :latest, and pyxis
 * images without a tag: each run may pull a different image.
 */
static int
unpinned(const char *img, int pyxis, const char **why)
{
	const char	*ref, *slash, *colon;

	if (strstr(img, "@sha256:") != NULL)
		return 0;
	if (!pyxis) {
		if (strncmp(img, "docker://", 9) == 0)
			ref = img + 9;
		else if (strncmp(img, "library://", 10) == 0)
			ref = img + 10;
		else if (strncmp(img, "oras://", 7) == 0)
			ref = img + 7;
		else
			return 0;
	} else {
		if (img[0] == '/' || img[0] == '.' || strchr(img, '$') != NULL)
			return 0;
		ref = img;
		if ((slash = strchr(ref, '#')) != NULL)
			ref = slash + 1;
	}
	slash = strrchr(ref, '/');
	colon = strrchr(slash != NULL ? slash : ref, ':');
	if (colon == NULL) {
		*why = "has no tag, so it means :latest";
		return 1;
	}
	if (strcmp(colon, ":latest") == 0) {
		*why = "uses :latest";
		return 1;
	}
	return 0;
}

void
jl_check_container_image_unpinned(struct jl_check *c)
{
	const struct jl_step	*s;
	const char		*why = NULL;
	size_t			 i;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->ctr != NULL && s->ctr->image != NULL &&
		    unpinned(s->ctr->image, 0, &why))
			jl_check_at(c, s->ctr->image_loc,
			    "pin a version tag (or @sha256 digest), or build a "
			    ".sif once and run that file",
			    "image %s %s: a requeued or later job may pull a "
			    "different image and behave differently",
			    s->ctr->image, why);
		if (s->pyxis_image != NULL && unpinned(s->pyxis_image, 1, &why))
			jl_check_at(c, s->pyxis_loc,
			    "pin a version tag, e.g. nvcr.io/nvidia/pytorch:24.01-py3",
			    "container image %s %s: each run may pull a different "
			    "image", s->pyxis_image, why);
	}
}

/* Does the script name the image's file before offset end (a step that
 * pulls, builds or copies it)? */
static int
made_before(const struct jl_model *m, const char *image, size_t end)
{
	const char	*base = strrchr(image, '/'), *p, *data;
	size_t		 n, len;

	base = base != NULL ? base + 1 : image;
	if ((n = strlen(base)) == 0)
		return 0;
	data = m->script.src.data;
	len = end < m->script.src.len ? end : m->script.src.len;
	for (p = data; (size_t)(p - data) + n <= len; p++)
		if (memcmp(p, base, n) == 0)
			return 1;
	return 0;
}

/*
 * A container image given as a file must be there and readable by the
 * submitter (submit_host, rule.h): apptainer fails the step otherwise.
 * Images pulled by URI, paths with shell expansions, files the script
 * makes before the step and directories this host does not have (storage
 * only the compute nodes mount) are not checked.
 */
void
jl_check_container_image_missing(struct jl_check *c)
{
	const struct jl_step	*s;
	const struct jl_value	*cd = c->job->v[JL_O_CHDIR];
	const char		*img, *path;
	struct stat		 st;
	size_t			 i;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->ctr == NULL || (img = s->ctr->image) == NULL ||
		    *img == '\0' || strstr(img, "://") != NULL ||
		    strpbrk(img, "$`*?[{~\\") != NULL ||
		    made_before(c->m, img, s->loc.off))
			continue;
		path = img[0] != '/' && cd != NULL && cd->text != NULL ?
		    jl_arena_printf(c->a, "%s/%s", cd->text, img) : img;
		if (path == NULL)
			return;
		if (stat(path, &st) != 0) {
			if ((errno != ENOENT && errno != ENOTDIR) ||
			    !jl_check_dir_here(c, path))
				continue;
			jl_check_at(c, s->ctr->image_loc,
			    "check the name (ls the directory)",
			    "container image %s does not exist%s: its "
			    "directory is there but the file is not, so the "
			    "step fails at start", path, path != img ?
			    " (relative to --chdir)" : "");
		} else if (access(path, S_ISDIR(st.st_mode) ? R_OK | X_OK :
		    R_OK) != 0)
			jl_check_at(c, s->ctr->image_loc,
			    jl_arena_printf(c->a, "ask its owner to make it "
			    "readable (chmod a+r %s) or use a copy of your own",
			    path),
			    "you cannot read container image %s: apptainer "
			    "runs as you and the step fails at start", path);
	}
}

/*
 * Does the container get variable name back despite --cleanenv: from
 * --env NAME=value (--env=, comma lists), or APPTAINERENV_NAME /
 * SINGULARITYENV_NAME set in the script?  --env-file, an --env item
 * that is an expansion, and flags hidden in $OPTS may pass it: jlint
 * cannot know, and counts it as passed.
 */
static int
passes_env(const struct jl_model *m, const struct jl_container *ctr,
    const char *name)
{
	const struct jl_assign	*as;
	const struct jl_stepopt	*o;
	const char		*item, *end;
	size_t			 i, len = strlen(name);

	if (ctr->opaque)
		return 1;
	for (i = 0; i < ctr->flags.n; i++) {
		o = ctr->flags.items[i];
		if (strcmp(o->name, "--env-file") == 0)
			return 1;
		if (strcmp(o->name, "--env") != 0 || o->value == NULL)
			continue;
		for (item = o->value; *item != '\0';
		    item = *end != '\0' ? end + 1 : end) {
			if ((end = strchr(item, ',')) == NULL)
				end = item + strlen(item);
			if (item[0] == '$' || item[0] == '`' ||
			    (strncmp(item, name, len) == 0 &&
			    item[len] == '='))
				return 1;
		}
	}
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		if ((strncmp(as->name, "APPTAINERENV_", 13) == 0 &&
		    strcmp(as->name + 13, name) == 0) ||
		    (strncmp(as->name, "SINGULARITYENV_", 15) == 0 &&
		    strcmp(as->name + 15, name) == 0))
			return 1;
	}
	return 0;
}

/* --containall (or --compat, which implies it)/--cleanenv strip SLURM_* and
 * the GPU binding (CUDA_VISIBLE_DEVICES, ROCR_VISIBLE_DEVICES). */
void
jl_check_containall_drops_slurm_env(struct jl_check *c)
{
	const struct jl_step		*s;
	const struct jl_container	*ctr;
	const struct jl_stepopt		*o;
	const char			*flag = NULL, *what = NULL;
	size_t				 i, j, k;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if ((ctr = s->ctr) == NULL || (!ctr->cleanenv &&
		    !ctr->containall))
			continue;
		what = NULL;
		if (s->launcher == JL_LAUNCH_SRUN ||
		    s->launcher == JL_LAUNCH_MPIRUN)
			what = "SLURM_* and PMI variables that MPI and srun "
			    "tasks need";
		else if (jl_job_gets_gpus(c->job) &&
		    !passes_env(c->m, ctr, "CUDA_VISIBLE_DEVICES") &&
		    !passes_env(c->m, ctr, "ROCR_VISIBLE_DEVICES"))
			what = c->policy != NULL && c->policy->gpu_flag !=
			    NULL && strcmp(c->policy->gpu_flag, "--rocm") == 0 ?
			    "ROCR_VISIBLE_DEVICES, the GPU binding Slurm set "
			    "up" : "CUDA_VISIBLE_DEVICES, the GPU binding Slurm "
			    "set up";
		if (what == NULL)
			continue;
		flag = ctr->containall ? "--containall" : "--cleanenv";
		for (j = 0; j < ctr->flags.n; j++) {
			o = ctr->flags.items[j];
			if (strcmp(o->name, "-C") == 0 ||
			    strcmp(o->name, "--containall") == 0 ||
			    strcmp(o->name, "-e") == 0 ||
			    strcmp(o->name, "--cleanenv") == 0)
				break;
		}
		for (k = 0; j == ctr->flags.n && k < ctr->flags.n; k++) {
			o = ctr->flags.items[k];
			if (strcmp(o->name, "--compat") == 0) {
				j = k;
				flag = "--compat (it implies --containall)";
			}
		}
		jl_check_at(c, j < ctr->flags.n ?
		    ((const struct jl_stepopt *)ctr->flags.items[j])->loc :
		    ctr->verb_loc,
		    "drop the flag, or pass what is needed with --env or "
		    "APPTAINERENV_<NAME>",
		    "%s empties the container's environment, removing %s",
		    flag, what);
	}
}

/*
 * singularity shell, srun --pty and salloc wait for a terminal.  A shell
 * whose standard input is a here-document, a here-string, a file or a
 * pipe reads its commands from there and exits at its end: that is a
 * batch use (apptainer shell img.sif <<EOF).
 */
/*
 * shell IMAGE ARGS: the shell action hands ARGS to the shell (exec
 * /bin/bash --norc "$@"), so a script file or a -c string runs and the
 * shell is not interactive: is a word of ARGS not an option?
 */
static int
shell_runs(const struct jl_container *ctr)
{
	size_t	i;

	for (i = 0; i < ctr->args.n; i++)
		if (((const struct jl_word *)ctr->args.items[i])->text[0] !=
		    '-')
			return 1;
	return 0;
}

/*
 * srun --pty PROGRAM in a batch job: srun finds no terminal, says "Not
 * using a pseudo-terminal, disregarding --pty option" and runs the step
 * as without it (srun.c: set_winsize() fails), so a program with work to
 * do runs.  Only a shell given no script or -c string (or a bare
 * python) waits for commands, and gets none: is s's program one?
 */
static int
pty_interactive(const struct jl_step *s)
{
	static const char *const shells[] = { "bash", "sh", "zsh", "ksh",
	    "dash", "tcsh", "csh", "python", "python3", "ipython", "R",
	    "$SHELL", "${SHELL}" };
	/* Their options that take the next word. */
	static const char *const valued[] = { "-o", "-O", "--rcfile",
	    "--init-file", "-W", "-X" };
	const char	*w;
	size_t		 j;

	/* Commands on its standard input (<<EOF, < file, a pipe): run. */
	if (s->stdin_redir)
		return 0;
	if (s->program == NULL)
		return s->ctr == NULL;	/* srun --pty alone; bash -c: read */
	if (!jl_prog_in(s->program, shells, JL_NITEMS(shells)) &&
	    strcmp(s->program, "$SHELL") != 0 &&
	    strcmp(s->program, "${SHELL}") != 0)
		return 0;
	for (j = jl_cmd_program_at(&s->cmd) + 1; j < s->words.n; j++) {
		w = ((const struct jl_word *)s->words.items[j])->text;
		if (w[0] != '-' || strcmp(w, "-c") == 0 ||
		    strcmp(w, "-m") == 0 || strcmp(w, "-s") == 0)
			return 0;
		if (jl_prog_in(w, valued, JL_NITEMS(valued)))
			j++;
	}
	return 1;
}

void
jl_check_interactive_in_batch(struct jl_check *c)
{
	const struct jl_step	*s;
	size_t			 i;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->ctr != NULL && s->ctr->verb != NULL &&
		    strcmp(s->ctr->verb, "shell") == 0 && !s->stdin_redir &&
		    !shell_runs(s->ctr)) {
			jl_check_at(c, s->ctr->verb_loc,
			    jl_arena_printf(c->a, "use \"%s exec IMAGE "
			    "COMMAND\" in a batch script", rt_name(s->ctr)),
			    "\"%s shell\" starts an interactive shell; in a "
			    "batch job nobody types into it, so it exits at "
			    "once or hangs until the time limit",
			    rt_name(s->ctr));
		} else if (s->pty && pty_interactive(s))
			jl_check_at(c, s->launcher_loc,
			    "run the commands in the batch script, or give the "
			    "shell a script or -c string; drop --pty",
			    "srun --pty starts an interactive %s; in a batch job "
			    "there is no terminal (srun drops --pty) and nobody "
			    "types into it, so it exits at once and does "
			    "nothing", s->program != NULL ? s->program :
			    "shell");
		else if (s->launcher == JL_LAUNCH_SALLOC)
			jl_check_at(c, s->launcher_loc,
			    "run the commands directly in the batch script (it "
			    "already has an allocation)",
			    "salloc in a batch script asks for a second "
			    "allocation and waits in the queue while this job "
			    "holds its own");
	}
}
