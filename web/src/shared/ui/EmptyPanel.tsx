import { EmptyState, Paper } from "@mantine/core";
import type { ReactNode } from "react";

/** Says what will show in a place that has nothing yet. */
export function EmptyPanel({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl">
      <EmptyState>
        <EmptyState.Title order={2}>{title}</EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
        {children ? <EmptyState.Actions>{children}</EmptyState.Actions> : null}
      </EmptyState>
    </Paper>
  );
}
