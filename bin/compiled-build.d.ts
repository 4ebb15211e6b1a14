export declare const SOURCE_DIRS: readonly string[];
export declare const BUILD_STAMP: string;
export declare function freshBuild(root: string): string | undefined;
