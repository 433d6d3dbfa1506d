/* irq.h - an interrupt line as a device sees it: raise or lower it, nothing else. */
#ifndef BOOTCHECK_IRQ_H
#define BOOTCHECK_IRQ_H

struct irq_line {
	void (*set)(void *opaque, unsigned irq, int level);
	void *opaque;
	unsigned irq;      /* ISA IRQ number (0-15) */
};

/* irq__set - drive LINE to LEVEL (0 or 1); a line with no setter is not wired. */
static inline void irq__set(const struct irq_line *line, int level)
{
	if (line && line->set)
		line->set(line->opaque, line->irq, level);
}

#endif
