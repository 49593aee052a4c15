import { useDocumentTitle } from "@mantine/hooks";

/** Sets the tab title, so that screen reader users hear where a navigation led. */
export function usePageTitle(title: string | null | undefined): void {
  useDocumentTitle(title ? `${title} · Relance` : "Relance");
}
