// Modules the build makes (scripts/*Module.ts)
declare module 'virtual:traitor-story' {
  const story: import('./learn/traitorStory').TraitorStory
  export default story
}
