import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from "@mantine/core";

// A sober navy. Shade 6 (filled buttons, links) reaches 6.6:1 on white, so text on it passes WCAG AA.
const navy: MantineColorsTuple = [
  "#eef3fa",
  "#dce5f2",
  "#b7c9e3",
  "#8fabd3",
  "#6d91c5",
  "#5680bc",
  "#2f5d9c",
  "#264f87",
  "#1d4172",
  "#12305a",
];

export const theme = createTheme({
  // People who ask their system for less motion get no modal or menu animations.
  respectReducedMotion: true,
  primaryColor: "navy",
  primaryShade: 6,
  colors: { navy },
  defaultRadius: "sm",
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  headings: { fontWeight: "650" },
  focusRing: "auto",
  cursorType: "pointer",
  components: {
    Table: { defaultProps: { verticalSpacing: "sm" } },
  },
});

/**
 * Mantine's defaults put dimmed text, error text and "light" variant text at shade 6, which falls
 * below 4.5:1 on white for gray, red and green. Darker shades keep every text at AA contrast.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    "--mantine-color-red-light-color": "var(--mantine-color-red-9)",
    "--mantine-color-green-light-color": "var(--mantine-color-green-9)",
    "--mantine-color-gray-light-color": "var(--mantine-color-gray-8)",
    "--mantine-color-orange-light-color": "var(--mantine-color-orange-9)",
    "--mantine-color-navy-light-color": "var(--mantine-color-navy-7)",
  },
  dark: {},
});
