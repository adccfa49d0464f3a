/*
 * src.h: a script held in memory with a line index.  Locations elsewhere are
 * byte spans (struct jl_loc); line and column are computed only for output.
 */
#ifndef JL_SRC_H
#define JL_SRC_H

#include <stddef.h>
#include <stdint.h>

struct jl_loc {
	size_t	off;		/* byte offset of the first byte */
	size_t	len;		/* bytes covered (0 = a point) */
};

struct jl_src {
	const char	*name;		/* file name as given, or "-" */
	const char	*data;		/* bytes, NUL-terminated (NULs may occur inside) */
	size_t		 len;		/* bytes, not counting the terminator */
	uint32_t	*lines;		/* offsets of line starts (a script
					   is below 4 GiB: jl_src_init()) */
	size_t		 nlines;
};

struct jl_arena;

/* Build the line index; data must outlive src.  0, or -1 (no memory, or
 * 4 GiB or more: no job script is). */
int	jl_src_init(struct jl_src *, struct jl_arena *, const char *name,
	    const char *data, size_t len);
/* 1-based line and byte column of off. */
void	jl_src_linecol(const struct jl_src *, size_t off, unsigned *line,
	    unsigned *col);
/* Start offset and length (without '\n') of 1-based line. */
int	jl_src_line(const struct jl_src *, unsigned line, size_t *off,
	    size_t *len);

#endif
