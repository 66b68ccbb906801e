export const CHROMIUM: string;
export const INSTALL: string;
export function missingPrograms(path?: string, chromium?: string): string[];
export default function checkSystem(): void;
