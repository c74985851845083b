// How a script that is also imported (by tests) runs its main(): only when node started that file,
// exiting with main()'s code, or 1 with the error's message.
export function runWhenMain(moduleUrl: string, main: () => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== new URL(`file://${process.argv[1]}`).href) return
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e)
      process.exit(1)
    }
  )
}
