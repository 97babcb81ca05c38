/** Types of scripts/python-env.mjs (the project-local Python venv of the tests). */
export declare const REQUIREMENTS: string;
export declare const VENV: string;
export declare function venvPython(venv?: string): string;
export declare class PythonEnvError extends Error {}
export declare function ensurePythonEnv(options?: { log?: (line: string) => void }): string;
