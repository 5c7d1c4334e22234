/** Line icons drawn at 16 px on a 16-unit grid; decorative, so hidden from assistive tech. */
import type { JSX } from "preact";

type IconProps = { readonly size?: number };

function Svg({ size = 16, children }: IconProps & { children: JSX.Element | JSX.Element[] }): JSX.Element {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const RefreshIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9" />
    <path d="M13.5 2.5v3h-3" />
  </Svg>
);
export const GearIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="2.2" />
    <path d="M8 1.5v1.8M8 12.7v1.8M1.5 8h1.8M12.7 8h1.8M3.4 3.4l1.3 1.3M11.3 11.3l1.3 1.3M3.4 12.6l1.3-1.3M11.3 4.7l1.3-1.3" />
  </Svg>
);
export const ChevronLeft = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M10 3.5 5.5 8l4.5 4.5" />
  </Svg>
);
export const ChevronRight = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M6 3.5 10.5 8 6 12.5" />
  </Svg>
);
export const SendIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M8 13V3.5M4 7.5l4-4 4 4" />
  </Svg>
);
export const ClockIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 4.5V8l2.2 1.5" />
  </Svg>
);
export const PlusIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M8 3v10M3 8h10" />
  </Svg>
);
export const CloudOffIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M4.5 12.5h7a3 3 0 0 0 .6-5.9A4.5 4.5 0 0 0 4 6.2 3.2 3.2 0 0 0 4.5 12.5Z" />
    <path d="M2 2l12 12" />
  </Svg>
);
export const HourglassIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M4 1.5h8M4 14.5h8M5 1.5c0 3.5 6 3.5 6 6.5s-6 3-6 6.5M11 1.5c0 3.5-6 3.5-6 6.5s6 3 6 6.5" />
  </Svg>
);
export const AlertIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <path d="M8 1.8 14.5 13.5h-13Z" />
    <path d="M8 6.2v3.3M8 11.6v.1" />
  </Svg>
);
export const SearchIcon = (p: IconProps): JSX.Element => (
  <Svg {...p}>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.5 10.5 3 3" />
  </Svg>
);
