import { Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { usePageTitle } from "../../shared/ui/usePageTitle";

/**
 * The heading of a portal screen. Each screen replaces the previous one without a page load, so the
 * heading takes the focus: a screen reader announces where the debtor is, and the keyboard starts here.
 */
export function ScreenTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  usePageTitle(children);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <Title order={1} size="h2" ref={ref} tabIndex={-1} style={{ outlineOffset: 4 }}>
      {children}
    </Title>
  );
}
